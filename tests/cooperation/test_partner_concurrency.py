"""Real concurrency on PostgreSQL: submissions at the same moment get distinct references without
gaps, a double submission sends one request, a double click on "Create" makes one draft.

Each racer runs in its own thread with its own database connection; a barrier releases them at
the same moment.
"""

import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from audit.statemachine import TransitionNotAllowed
from cooperation import services
from cooperation.models import Request, RequestStatus
from tests.factories import MembershipFactory
from tests.factories.cooperation import ReadyDraftFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls: list[Callable[[], object]]) -> list[str]:
    """Run the calls at the same moment; return "done" or the refusal of each, sorted."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("done")
        except TransitionNotAllowed as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # a deadlock or a constraint: the test must show it
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _ready_draft() -> tuple:
    membership = MembershipFactory()
    draft = ReadyDraftFactory(lead_institution=membership.institution, submitted_by=membership.user)
    return membership.user, draft


def test_simultaneous_submissions_get_distinct_references_without_gaps():
    drafts = [_ready_draft() for _ in range(6)]

    outcomes = _race(
        [
            lambda user=user, draft=draft: services.request_submit(request=draft, actor=user)
            for user, draft in drafts
        ]
    )

    year = timezone.localdate().year
    assert outcomes == ["done"] * 6
    assert sorted(Request.objects.values_list("reference", flat=True)) == [
        f"REQ-{year}-{number:04d}" for number in range(1, 7)
    ]


def test_a_double_submission_at_the_same_moment_sends_one_request():
    user, draft = _ready_draft()

    outcomes = _race([lambda: services.request_submit(request=draft, actor=user)] * 2)

    assert outcomes[0] == "done"
    assert "is not possible while the status is" in outcomes[1]
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (
        RequestStatus.SUBMITTED,
        f"REQ-{timezone.localdate().year}-0001",
    )
    other_user, other = _ready_draft()
    assert services.request_submit(request=other, actor=other_user).reference.endswith("-0002")


def test_a_double_click_on_create_at_the_same_moment_makes_one_draft():
    membership = MembershipFactory()
    token = uuid.uuid4()

    def create() -> Request:
        return services.request_create_draft(
            user=membership.user, institution=membership.institution, title="Pensions", token=token
        )

    outcomes = _race([create, create])

    assert outcomes == ["done", "done"]
    assert Request.objects.count() == 1
