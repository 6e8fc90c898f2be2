"""The ``calls.close_due`` sweep touches only the calls it closes (deadline passed or mission no
longer recruiting), settling their positions first; open and closed calls are left alone."""

import datetime

import pytest
from django.utils import timezone

from audit.selectors import audit_records_for
from calls import services
from calls.models import ApplicationStatus, CallStatus
from missions.models import ExpertRole
from notifications.models import Notification
from tests.factories.calls import ApplicationFactory, PositionFactory
from tests.factories.missions import AcceptedInvitationFactory

pytestmark = pytest.mark.django_db


def full_without_signal(position):
    """The mission's one place taken by an invitation accepted without the signal (data
    changed outside the services), and another expert's application still pending."""
    mission = position.call.mission
    mission.experts_needed = 1
    mission.save()
    AcceptedInvitationFactory(mission=mission, role=ExpertRole.EXPERT)
    return ApplicationFactory(position=position)


def test_close_due_settles_the_positions_of_a_call_it_closes_once(position):
    application = full_without_signal(position)
    position.call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    position.call.save()

    assert services.calls_close_due() == 1
    assert services.calls_close_due() == 0

    position.refresh_from_db()
    application.refresh_from_db()
    assert position.filled_at and position.call.status == CallStatus.CLOSED
    assert application.status == ApplicationStatus.UNSUCCESSFUL
    told = Notification.objects.filter(event="call_application_unsuccessful")
    assert [n.recipient for n in told] == [application.expert.user]


def test_close_due_leaves_open_and_closed_calls_alone(django_assert_max_num_queries):
    open_position = PositionFactory()
    closed_position = PositionFactory(call__status=CallStatus.CLOSED)
    applications = [full_without_signal(p) for p in (open_position, closed_position)]

    with django_assert_max_num_queries(3):
        assert services.calls_close_due() == 0

    for position, application in zip((open_position, closed_position), applications, strict=True):
        position.refresh_from_db()
        application.refresh_from_db()
        assert position.filled_at is None
        assert application.status == ApplicationStatus.SUBMITTED
        assert "position_filled" not in [r.action for r in audit_records_for(position.call)]
