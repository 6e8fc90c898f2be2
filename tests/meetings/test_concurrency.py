"""Real concurrency on PostgreSQL: two people closing the same meeting at once close it once and
apply each decision once (the meeting row is locked first)."""

import threading

import pytest
from django.db import connection

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Request, RequestStatus
from meetings import services
from meetings.models import Meeting
from tests.factories import OfficerFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def _race(meeting: Meeting, officers: list) -> list[str]:
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []

    def close(officer) -> None:
        try:
            barrier.wait(timeout=10)
            services.meeting_close(meeting=meeting, actor=officer)
            outcomes.append("closed")
        except TransitionNotAllowed:
            outcomes.append("refused")
        except Exception as error:  # a deadlock or a constraint: the test must show it
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_people_closing_at_once_close_the_meeting_once():
    for _round in range(ROUNDS):
        meeting = MeetingFactory()
        items = [
            AgendaItemFactory(meeting=meeting, proposed_decision=decision)
            for decision in ("put_on_hold", "accept")
        ]

        outcomes = _race(meeting, [OfficerFactory(), OfficerFactory()])

        assert outcomes == ["closed", "refused"]
        assert AuditRecord.objects.filter(action="close", object_id=str(meeting.pk)).count() == 1
        statuses = [Request.objects.get(pk=item.request_id).status for item in items]
        assert statuses == [RequestStatus.ON_HOLD, RequestStatus.ACCEPTED]
        for item in items:
            assert (
                AuditRecord.objects.filter(
                    object_id=str(item.request_id), action=item.proposed_decision
                ).count()
                == 1
            )
