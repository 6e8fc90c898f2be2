"""Faults of the background work: Redis stopped while notifications are sent, and the worker
killed (SIGKILL) in the middle of a matching batch and of a batch of notification e-mails.

The run's own process plays Celery beat: every second it sends the periodic tasks that
``CELERY_BEAT_SCHEDULE`` runs every so many seconds (the sweeps that take care of work a dead
worker left behind), where beat would send them every minute.
"""

import time
from pathlib import Path

from .scenarios import Report, _check_submissions, _run_users, prepare
from .services import (
    PostgresCluster,
    celery_worker,
    gunicorn,
    redis_server,
    smtp_sink,
    wait_until,
)

WAIT = 90.0  # every wait for the background work to finish is bounded by this


def _background_environment(redis_url: str, smtp_port: int) -> dict[str, str]:
    return {
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        # Short delays so that a run takes seconds: queue again what waits for 2 s, take back
        # a claim of a worker that died after 5 s, match again a shortlist left running for 5 s.
        "NOTIFICATIONS_SWEEP_AFTER": "2",
        "NOTIFICATIONS_CLAIM_TIMEOUT": "5",
        "NOTIFICATIONS_RETRY_DELAYS": "1,2,4",
        "MATCHING_REQUEUE_AFTER": "5",
    }


def _email_counts() -> dict[str, int]:
    from django.db import connection
    from django.db.models import Count

    from notifications.models import Notification

    connection.close()
    return dict(Notification.objects.values_list("email_status").annotate(n=Count("pk")).order_by())


def _beat_tick() -> None:
    """Send the periodic tasks that beat runs every so many seconds (sweeps, heartbeat), as
    beat would: the run's own process plays beat, every second instead of every minute."""
    from django.conf import settings

    from cooperation.celery import app

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if isinstance(entry["schedule"], int | float):
            app.send_task(entry["task"], kwargs=entry.get("kwargs", {}))


def _with_beat_until(condition, what: str, report: Report) -> float:
    """Wait for ``condition``, playing beat every second; return how long it took."""

    def holds() -> bool:
        if condition():
            return True
        _beat_tick()
        time.sleep(1)
        return False

    try:
        return wait_until(holds, what, WAIT)
    except TimeoutError as error:
        report.failures.append(str(error))
        return WAIT


def _sweep_until_sent(report: Report) -> float:
    """Wait, playing beat, until no notification e-mail waits; return how long that took."""
    from notifications.models import DeliveryStatus

    def nothing_waits() -> bool:
        counts = _email_counts()
        return counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0) == 0

    seconds = _with_beat_until(nothing_waits, "every notification e-mail sent", report)
    if seconds == WAIT:
        report.failures.append(f"e-mails by status: {_email_counts()}")
    return seconds


def _emails_recorded_sent() -> int:
    """The e-mails the portal recorded as sent: notifications, and consultation requests to
    stakeholders (who have no account, so no notification)."""
    from consultations.models import Addressee, EmailStatus
    from notifications.models import DeliveryStatus, Notification

    return (
        Notification.objects.filter(email_status=DeliveryStatus.SENT).count()
        + Addressee.objects.filter(email_status=EmailStatus.SENT).count()
    )


def _check_each_message_once(report: Report, sink, *, kills: int = 0) -> None:
    """Every notification's message received, and each once, but for the message a killed
    worker may have been sending: the mail server accepted it, the worker died before recording
    it (docs/notifications.md, "the remaining window"), and the sweep sends it again with the
    same Message-ID. The solo worker sends one message at a time: at most one such per kill."""
    from notifications.models import DeliveryStatus

    counts = _email_counts()
    duplicates = {mid: n for mid, n in sink.received.items() if n > 1}
    resent = sum(n - 1 for n in duplicates.values())
    report.figures.update(
        notifications_by_email_status=counts,
        messages_received=sum(sink.received.values()),
        distinct_messages=len(sink.received),
        sent_again_after_a_kill=resent,
    )
    report.check(resent <= kills, f"messages received more than once: {duplicates} ({kills} kills)")
    report.figures["emails_recorded_sent"] = recorded = _emails_recorded_sent()
    report.check(
        len(sink.received) == recorded,
        "the messages received differ from the e-mails the portal recorded as sent",
    )
    report.check(counts.get(DeliveryStatus.FAILED, 0) == 0, "a notification e-mail failed")


def redis_outage(
    cluster: PostgresCluster, workdir: Path, *, partners: int, staff: int, seconds: float
) -> Report:
    """Partners submit requests (each one notifies) while Redis is stopped for a third of the
    run and started again: no notification may be lost, none sent twice."""
    report = Report("redis-outage")
    with redis_server() as redis, smtp_sink() as sink:
        environment = prepare(
            cluster,
            partners=partners,
            staff=staff,
            **_background_environment(redis.url, sink.port),
        )
        with (
            celery_worker(environment, workdir / "worker.log"),
            gunicorn(environment, workdir / "gunicorn.log") as server,
        ):

            def outage(started: float) -> dict:
                time.sleep(seconds / 3)
                stopped_at = time.monotonic() - started
                redis.stop()
                time.sleep(seconds / 3)
                redis.start()
                return {
                    "redis_stopped_at_second": round(stopped_at, 1),
                    "redis_down_seconds": round(time.monotonic() - started - stopped_at, 1),
                }

            tally, fault = _run_users(
                server, partners=partners, staff=staff, seconds=seconds, during=outage
            )
            report.figures.update(fault, seconds_until_all_sent=round(_sweep_until_sent(report), 1))
        _check_submissions(report, tally)
        _check_each_message_once(report, sink)
    report.check(
        report.figures["submitted_in_database"] > 0, "no request was submitted during the run"
    )
    return report


def _shortlists_done(ids: list[int]) -> dict[str, int]:
    from django.db import connection
    from django.db.models import Count

    from experts.models import Shortlist

    connection.close()
    statuses = Shortlist.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk"))
    return dict(statuses.order_by())


def worker_kill(
    cluster: PostgresCluster, workdir: Path, *, partners: int, staff: int, seconds: float
) -> Report:
    """Kill the worker during a batch of matching runs, then during a batch of notification
    e-mails; after a restart every shortlist is computed and every e-mail sent, exactly once."""
    report = Report("worker-kill")
    with redis_server() as redis, smtp_sink() as sink:
        environment = prepare(
            cluster,
            partners=0,
            staff=0,
            demo=True,
            **_background_environment(redis.url, sink.port),
        )
        from django.contrib.contenttypes.models import ContentType

        from accounts.models import Role, User
        from cooperation.models import Request
        from experts.models import Shortlist, ShortlistEntry, ShortlistStatus
        from experts.shortlists import shortlist_refresh
        from notifications.services import notify

        # Requests the demo programme did not match yet: one matching task for each shortlist.
        matched = Shortlist.objects.filter(
            content_type=ContentType.objects.get_for_model(Request)
        ).values_list("object_id", flat=True)
        subjects = Request.objects.filter(reference__gt="").exclude(pk__in=matched)
        shortlists = [shortlist_refresh(subject=s).pk for s in subjects.order_by("pk")[:20]]
        worker = celery_worker(environment, workdir / "worker.log")
        with worker as running:
            wait_until(
                lambda: (
                    _shortlists_done(shortlists).get(ShortlistStatus.DONE, 0) >= 2
                    and ShortlistStatus.RUNNING in _shortlists_done(shortlists)
                ),
                "two shortlists computed and a third one running",
                WAIT,
                tick=0.01,
            )
            running.kill()
            report.figures["shortlists_when_killed"] = _shortlists_done(shortlists)
            running.start()
            seconds = _with_beat_until(
                lambda: (
                    _shortlists_done(shortlists).get(ShortlistStatus.DONE, 0) == len(shortlists)
                ),
                "every shortlist computed after the restart",
                report,
            )
            report.figures.update(
                matching_seconds_after_restart=round(seconds, 1),
                shortlists_at_the_end=_shortlists_done(shortlists),
            )
            per_shortlist = ShortlistEntry.objects.filter(shortlist_id__in=shortlists)
            report.check(
                per_shortlist.values("shortlist", "expert").distinct().count()
                == per_shortlist.count(),
                "an expert is twice on a shortlist",
            )

            _sweep_until_sent(report)  # the demo programme's own notifications first
            before = sum(sink.received.values())
            recipients = list(User.objects.filter(role=Role.EXPERT)[:60])
            notify(
                event="information_requested",
                key="reliability-worker-kill",
                recipients=recipients,
                title="Reliability run: one message per recipient",
            )
            wait_until(
                lambda: sum(sink.received.values()) >= before + 10,
                "ten of the batch's messages sent",
                WAIT,
                tick=0.01,
            )
            running.kill()
            report.figures["batch_messages_when_killed"] = sum(sink.received.values()) - before
            running.start()
            report.figures["seconds_until_all_sent"] = round(_sweep_until_sent(report), 1)
        report.figures.update(shortlists=len(shortlists), recipients=len(recipients))
        _check_each_message_once(report, sink, kills=2)
    return report
