"""The meetings demo: criteria, a closed meeting with applied decisions, an upcoming agenda."""

import pytest

from cooperation.models import RequestStatus
from demo.meetings import CRITERIA, NEXT_TITLE, PAST_TITLE, seed_demo_meetings
from meetings.models import AgendaItem, DecisionCriterion, Meeting, MeetingStatus, Outcome
from tests.factories import ManagerFactory, OfficerFactory, SubmittedRequestFactory
from tests.factories.cooperation import InReviewRequestFactory

pytestmark = pytest.mark.django_db


def test_demo_meetings_fill_both_meetings_and_run_once():
    SubmittedRequestFactory(status=RequestStatus.ACCEPTED)
    SubmittedRequestFactory(status=RequestStatus.REJECTED, rejection_reason="overlap")
    InReviewRequestFactory.create_batch(2)
    SubmittedRequestFactory()
    people = {"officer": OfficerFactory(), "manager": ManagerFactory()}

    seed_demo_meetings(**people)
    seed_demo_meetings(**people)

    assert DecisionCriterion.objects.count() == len(CRITERIA)
    past, upcoming = Meeting.objects.get(title=PAST_TITLE), Meeting.objects.get(title=NEXT_TITLE)
    assert past.status == MeetingStatus.CLOSED
    assert sorted(past.items.values_list("outcome", "applied_status")) == [
        (Outcome.APPLIED, RequestStatus.ACCEPTED),
        (Outcome.APPLIED, RequestStatus.REJECTED),
    ]
    assert upcoming.status == MeetingStatus.PLANNED and upcoming.date > past.date
    assert upcoming.items.count() == 3
    assert upcoming.items.exclude(proposed_decision="").count() == 1
    assert AgendaItem.objects.count() == 5
