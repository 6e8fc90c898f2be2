"""Accepting a request sends matching through Redis to a real Celery worker, which stores the
shortlist (run with CELERY_BROKER_URL set, on PostgreSQL)."""

import time

from django.conf import settings

from cooperation.models import RequestStatus
from cooperation.transitions import request_transition
from experts.models import ShortlistStatus
from experts.shortlists import shortlist_of, shortlist_refresh
from tests.factories import OfficerFactory
from tests.matching.builders import expert_with, request_for

POLL_TIMEOUT = 30.0


def wait_for_shortlist(subject, *, done_after=None):
    """The subject's shortlist once the worker has finished it (after ``done_after``), or None."""
    deadline = time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        shortlist = shortlist_of(subject)
        if (
            shortlist is not None
            and shortlist.status == ShortlistStatus.DONE
            and (done_after is None or shortlist.computed_at > done_after)
        ):
            return shortlist
        time.sleep(0.2)
    return None


def test_accepting_a_request_stores_a_shortlist_through_the_worker(
    celery_worker_process, transactional_db
):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    best = expert_with(name="Best Match", themes={"child-protection": 16}, countries=["ME"])
    other = expert_with(name="Other Match", themes={"social-services": 8})
    request = request_for(themes=["child-protection"], status=RequestStatus.IN_REVIEW)

    request_transition(request, "accept", actor=OfficerFactory())

    shortlist = wait_for_shortlist(request)
    assert shortlist is not None, (
        f"no finished shortlist within {POLL_TIMEOUT:.0f} s; see {celery_worker_process.log_path}"
    )
    assert list(shortlist.entries.order_by("rank").values_list("expert_id", flat=True)) == [
        best.pk,
        other.pk,
    ]
    assert shortlist.roster_size == 2
    assert shortlist.duration_ms > 0
    assert shortlist.entries.get(expert=best).explanation.startswith(
        "Child protection and foster care: exact sub-area, 16 years"
    )


def test_two_runs_at_once_leave_one_snapshot(celery_worker_process, transactional_db):
    experts = [expert_with(themes={"pensions": years}) for years in (3, 9, 14)]
    request = request_for(themes=["pensions"])
    first = shortlist_refresh(subject=request)
    shortlist = wait_for_shortlist(request)
    assert shortlist is not None

    second = shortlist_refresh(subject=request)
    third = shortlist_refresh(subject=request)

    again = wait_for_shortlist(request, done_after=shortlist.computed_at)
    assert again is not None
    assert first.pk == second.pk == third.pk == again.pk
    assert sorted(again.entries.values_list("expert_id", flat=True)) == sorted(
        expert.pk for expert in experts
    )
