"""The load and fault scenarios. Each returns a ``Report``: its figures and the checks it made.

The process running them is set up with Django against the run's own database (``prepare``), to
seed users and to count what the database holds afterwards; the portal itself runs in gunicorn
and Celery subprocesses, reached only over HTTP and the broker.
"""

import os
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import clients
from .services import Gunicorn, PostgresCluster, gunicorn, portal_environment, wait_until

PASSWORD = "reliability-passphrase-2026"
DATABASE = "cooperation_reliability"


@dataclass
class Report:
    scenario: str
    figures: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def check(self, holds: bool, failure: str) -> None:
        if not holds:
            self.failures.append(failure)

    @property
    def passed(self) -> bool:
        return not self.failures


def prepare(
    cluster: PostgresCluster, *, partners: int, staff: int, demo: bool = False, **settings: str
):
    """Create and migrate the run's database, load the reference data (with ``demo``, the whole
    demo programme) and the load's users; return the environment of the portal's processes
    (``settings`` added to it)."""
    cluster.createdb(DATABASE)
    environment = portal_environment(
        **{
            "DATABASE_URL": cluster.url(DATABASE),
            "EMAIL_URL": "dummymail://",
            "DJANGO_LOG_LEVEL": "WARNING",
            **settings,
        }
    )
    # This process becomes one of the portal's: the same settings, and none of the caller's.
    os.environ.clear()
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    from reference.services import reference_data_load

    call_command("migrate", verbosity=0)
    if demo:
        call_command("seed_demo", verbosity=0)
    else:
        reference_data_load()
    _seed_load_users(partners=partners, staff=staff)
    return environment


def _seed_load_users(*, partners: int, staff: int) -> None:
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User
    from partners.models import (
        Institution,
        InstitutionType,
        Membership,
        MembershipRole,
        MembershipStatus,
        VerificationStatus,
    )
    from reference.models import Country

    password = make_password(PASSWORD)
    country = Country.objects.partners().order_by("code").first()
    for number in range(partners):
        user = User.objects.create(
            email=f"partner{number}@load.example", full_name=f"Load Partner {number}",
            role=Role.PARTNER, email_verified=True, password=password,
        )  # fmt: skip
        institution = Institution.objects.create(
            name=f"Load Institution {number}", country=country, type=InstitutionType.MINISTRY,
            verification_status=VerificationStatus.VERIFIED, created_by=user,
        )  # fmt: skip
        Membership.objects.create(
            user=user, institution=institution, role=MembershipRole.FOCAL_POINT,
            status=MembershipStatus.ACTIVE,
        )  # fmt: skip
    for number in range(staff):
        User.objects.create(
            email=f"officer{number}@load.example", full_name=f"Load Officer {number}",
            role=Role.OFFICER, email_verified=True, password=password,
        )  # fmt: skip


def _load_requests() -> dict[str, int]:
    """The load users' requests, by status, and how many are half-saved."""
    from django.db import connection
    from django.db.models import Count, Q

    from audit.models import AuditRecord
    from cooperation.models import Request, RequestStatus

    connection.close()  # the connection may be from before a restart of PostgreSQL
    load = Request.objects.filter(submitted_by__email__endswith="@load.example")
    submitted = load.exclude(status=RequestStatus.DRAFT)
    audited = AuditRecord.objects.filter(
        action="submit", object_id__in=[str(pk) for pk in submitted.values_list("pk", flat=True)]
    ).count()
    draft = Q(status=RequestStatus.DRAFT)
    no_reference = Q(reference__isnull=True) | Q(reference="")
    counts = load.aggregate(
        drafts=Count("pk", filter=draft),
        submitted=Count("pk", filter=~draft),
        submitted_incomplete=Count(
            "pk", filter=~draft & (no_reference | Q(submitted_at__isnull=True))
        ),
        drafts_with_reference=Count("pk", filter=draft & ~no_reference),
    )
    counts["submitted_without_audit_record"] = counts["submitted"] - audited
    counts["submitted_ids"] = set(submitted.values_list("pk", flat=True))
    return counts


@dataclass
class _Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    confirmed: set[int] = field(default_factory=set)
    unconfirmed: set[int] = field(default_factory=set)  # sent, but the answer was lost
    errors: list[tuple[float, str]] = field(default_factory=list)  # when the request started
    pages: int = 0
    latencies: list[float] = field(default_factory=list)


def _partner(session, number: int, stop: float, tally: _Tally, started: float) -> None:
    while time.monotonic() < stop:
        begun = time.monotonic()
        try:
            pk = clients.request_prepare(session, title=f"Load request of partner {number}")
        except clients.PortalError as error:
            with tally.lock:
                tally.errors.append((error.started - started, str(error)))
            time.sleep(0.5)
            continue
        try:
            clients.request_send(session, pk)
        except clients.PortalError as error:
            with tally.lock:
                tally.unconfirmed.add(pk)
                tally.errors.append((error.started - started, str(error)))
            continue
        with tally.lock:
            tally.confirmed.add(pk)
            tally.latencies.append(time.monotonic() - begun)


def _officer(session, number: int, stop: float, tally: _Tally, started: float) -> None:
    rng = random.Random(number)
    while time.monotonic() < stop:
        try:
            clients.queue_browse(session, rng)
            with tally.lock:
                tally.pages += 1
        except clients.PortalError as error:
            with tally.lock:
                tally.errors.append((error.started - started, str(error)))
            time.sleep(0.5)


# Logging in hashes the password on purpose slowly (PBKDF2): the users log in a few at a time
# before the clock starts, as people arrive at work, not all in the same second.
LOGINS_AT_ONCE = 4


def _log_in(server: Gunicorn, email: str) -> clients.Session:
    session = clients.Session(server.base_url)
    session.log_in(email, PASSWORD)
    return session


def _run_users(server: Gunicorn, *, partners: int, staff: int, seconds: float, during=None):
    """Log the users in, then let them act for ``seconds``; ``during(started)`` runs alongside
    (a fault). Returns the tally and the fault's figures (with the time the logins took)."""
    emails = [f"partner{n}@load.example" for n in range(partners)]
    emails += [f"officer{n}@load.example" for n in range(staff)]
    begun = time.monotonic()
    with ThreadPoolExecutor(max_workers=LOGINS_AT_ONCE) as pool:
        sessions = list(pool.map(lambda email: _log_in(server, email), emails))
    login_seconds = round(time.monotonic() - begun, 1)
    tally = _Tally()
    started = time.monotonic()
    stop = started + seconds
    threads = [
        threading.Thread(
            target=_partner if n < partners else _officer,
            args=(session, n if n < partners else n - partners, stop, tally, started),
            daemon=True,
        )
        for n, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    fault_figures = during(started) if during else {}
    for thread in threads:
        thread.join(timeout=seconds + clients.TIMEOUT + 30)
    return tally, {**fault_figures, "login_seconds": login_seconds}


def _check_submissions(report: Report, tally: _Tally) -> None:
    counts = _load_requests()
    in_database = counts.pop("submitted_ids")
    latencies = sorted(tally.latencies) or [0.0]
    report.figures.update(
        submissions_confirmed=len(tally.confirmed),
        submissions_unconfirmed=len(tally.unconfirmed),
        submitted_in_database=len(in_database),
        queue_views=tally.pages,
        error_responses=len(tally.errors),
        errors_first=[f"{at:.1f}s {error}" for at, error in sorted(tally.errors)[:8]],
        submission_seconds_median=round(statistics.median(latencies), 2),
        submission_seconds_p95=round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        **counts,
    )
    report.check(tally.confirmed <= in_database, "a confirmed submission is not in the database")
    report.check(
        in_database <= tally.confirmed | tally.unconfirmed,
        "the database holds a submission nobody sent",
    )
    report.check(counts["submitted_incomplete"] == 0, "a submitted request lacks its reference")
    report.check(counts["drafts_with_reference"] == 0, "a draft holds a reference")
    report.check(counts["submitted_without_audit_record"] == 0, "a submission has no audit record")


def load(cluster: PostgresCluster, workdir: Path, *, partners: int, staff: int, seconds: float):
    """Partners submit requests while staff page through and filter the queue."""
    report = Report("load")
    environment = prepare(cluster, partners=partners, staff=staff)
    with gunicorn(environment, workdir / "gunicorn.log") as server:
        tally, login = _run_users(server, partners=partners, staff=staff, seconds=seconds)
    _check_submissions(report, tally)
    report.figures.update(login, seconds=seconds, partners=partners, staff=staff)
    report.check(not tally.errors, f"error responses: {tally.errors[:5]}")
    report.check(
        report.figures["submitted_in_database"] == len(tally.confirmed),
        "requests in the database differ from the successful submissions",
    )
    return report


def postgres_restart(
    cluster: PostgresCluster, workdir: Path, *, partners: int, staff: int, seconds: float
):
    """The same load, with PostgreSQL restarted a third of the way through."""
    report = Report("postgres-restart")
    environment = prepare(cluster, partners=partners, staff=staff)
    with gunicorn(environment, workdir / "gunicorn.log") as server:

        def restart(started: float) -> dict:
            time.sleep(seconds / 3)
            restarted_at = time.monotonic()
            cluster.restart()
            down = time.monotonic() - restarted_at
            back = wait_until(server.healthy, "the portal answering after the restart", 30)
            return {
                "restart_at_second": round(restarted_at - started, 1),
                "postgres_restart_seconds": round(down, 2),
                "portal_back_after_seconds": round(down + back, 2),
            }

        tally, fault = _run_users(
            server, partners=partners, staff=staff, seconds=seconds, during=restart
        )
    _check_submissions(report, tally)
    report.figures.update(fault, seconds=seconds, partners=partners, staff=staff)
    # A request under way when PostgreSQL went down fails; one started after it answers again
    # must not.
    back_at = fault["restart_at_second"] + fault["portal_back_after_seconds"]
    late = [error for at, error in tally.errors if at > back_at]
    report.check(not late, f"errors long after the restart: {late[:5]}")
    report.check(fault["portal_back_after_seconds"] < 15, "the portal took 15 s or more to answer")
    return report
