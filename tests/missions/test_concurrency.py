"""Real concurrency on PostgreSQL: row locks keep the last place and an expert's calendar right.

Each racer runs in its own thread with its own database connection; a barrier releases them at
the same moment. Several rounds make an unguarded race very likely to show.
"""

import threading

import pytest
from django.db import connection

from audit.statemachine import TransitionNotAllowed
from missions import services
from missions.models import Invitation, InvitationStatus, MissionStatus
from tests.factories import ExpertFactory
from tests.factories.missions import (
    AcceptedInvitationFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


def _race(invitations: list[Invitation]) -> list[str]:
    """Accept the invitations at the same moment; return "accepted" or the refusal of each."""
    barrier = threading.Barrier(len(invitations))
    outcomes: list[str] = []

    def accept(invitation: Invitation) -> None:
        try:
            barrier.wait(timeout=10)
            services.invitation_accept(invitation=invitation, actor=invitation.expert.user)
            outcomes.append("accepted")
        except TransitionNotAllowed as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # a deadlock or a constraint: the test must show it
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_experts_accepting_the_last_place_leave_exactly_the_number_needed():
    for _round in range(ROUNDS):
        mission = RecruitingMissionFactory(experts_needed=2)
        AcceptedInvitationFactory(mission=mission)
        racers = PendingInvitationFactory.create_batch(2, mission=mission)

        outcomes = _race(racers)

        mission.refresh_from_db()
        assert outcomes == ["The mission has just been fully staffed.", "accepted"]
        assert mission.invitations.accepted().count() == 2
        assert mission.status == MissionStatus.STAFFED
        assert sorted(mission.invitations.values_list("status", flat=True)) == [
            InvitationStatus.ACCEPTED,
            InvitationStatus.ACCEPTED,
            InvitationStatus.WITHDRAWN,
        ]


def test_one_expert_accepting_two_overlapping_missions_at_once_gets_one():
    for _round in range(ROUNDS):
        expert = ExpertFactory()
        first = PendingInvitationFactory(expert=expert)
        second = PendingInvitationFactory(
            expert=expert,
            mission=RecruitingMissionFactory(
                start_date=first.mission.end_date, end_date=first.mission.end_date
            ),
        )

        outcomes = _race([first, second])

        assert outcomes[1] == "accepted"
        assert "overlaps" in outcomes[0]
        assert Invitation.objects.filter(expert=expert, status="accepted").count() == 1
