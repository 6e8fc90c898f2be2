"""The missions app's domain signals reach the apps above it (``calls``)."""

import pytest

from missions import services
from missions.models import InvitationStatus, MissionStatus
from missions.signals import invitation_changed
from tests.factories.missions import AcceptedInvitationFactory, MissionFactory

pytestmark = pytest.mark.django_db


def test_releasing_an_accepted_expert_sends_invitation_changed_after_the_mission_reopens():
    mission = MissionFactory(status=MissionStatus.STAFFED, experts_needed=1)
    invitation = AcceptedInvitationFactory(mission=mission)
    received = []

    def receiver(sender, *, invitation, **kwargs):
        received.append((invitation.status, invitation.mission.__class__.objects.get().status))

    invitation_changed.connect(receiver)
    try:
        services.invitation_withdraw(invitation=invitation, actor=mission.created_by)
    finally:
        invitation_changed.disconnect(receiver)
    assert received == [(InvitationStatus.WITHDRAWN, MissionStatus.RECRUITING)]
