"""Releasing an accepted expert: the position their acceptance filled reopens, and so does the
call the portal closed because the mission no longer recruited (deadline still ahead)."""

import datetime

import pytest
from django.utils import timezone

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from calls import services
from calls.models import Application, ApplicationStatus, CallStatus
from experts.shortlists import shortlist_of
from missions import services as mission_services
from missions.models import ExpertRole, Invitation, MissionStatus
from notifications.models import Notification
from tests.factories.missions import AcceptedInvitationFactory

from .conftest import fitting_expert

pytestmark = pytest.mark.django_db


def apply(position, expert):
    return services.application_submit(
        position=position,
        expert=expert,
        actor=expert.user,
        motivation="I reformed the fund's benefit package.",
        availability_confirmed=True,
    )


def invite(position, *experts):
    mission = position.call.mission
    return mission_services.invitations_send(
        mission=mission,
        entries=shortlist_of(mission).entries.filter(expert__in=experts),
        deadline=timezone.now() + datetime.timedelta(days=3),
        role=ExpertRole.EXPERT,
        actor=position.call.created_by,
    )


def statuses():
    return dict(Application.objects.values_list("expert_id", "status"))


@pytest.fixture
def filled(position):
    """A one-expert mission whose only position an applicant filled; another applicant was told
    "unsuccessful". Returns (position, chosen, other, the chosen one's invitation)."""
    mission = position.call.mission
    mission.experts_needed = 1
    mission.save()
    chosen, other = fitting_expert(), fitting_expert()
    apply(position, chosen)
    apply(position, other)
    (invitation,) = invite(position, chosen)
    mission_services.invitation_accept(invitation=invitation, actor=chosen.user)
    position.refresh_from_db()
    mission.refresh_from_db()
    assert position.filled_at and mission.status == MissionStatus.STAFFED
    assert statuses() == {
        chosen.pk: ApplicationStatus.SELECTED,
        other.pk: ApplicationStatus.UNSUCCESSFUL,
    }
    return position, chosen, other, Invitation.objects.get(pk=invitation.pk)


def release(position, invitation):
    return mission_services.invitation_withdraw(
        invitation=invitation, actor=position.call.created_by, message="Sorry."
    )


def test_release_reopens_the_position_and_the_call_takes_the_replacement(filled):
    position, chosen, other, invitation = filled
    release(position, invitation)

    position.refresh_from_db()
    assert position.filled_at is None
    assert position.call.mission.__class__.objects.get().status == MissionStatus.RECRUITING
    assert statuses()[chosen.pk] == ApplicationStatus.UNSUCCESSFUL
    actions = [record.action for record in audit_records_for(position.call)]
    assert actions[-1] == "position_reopened"
    replacement = apply(position, fitting_expert())
    assert replacement.status == ApplicationStatus.SUBMITTED
    # Nobody hears "unsuccessful" from the calls app twice, the released expert not at all.
    told = Notification.objects.filter(event="call_application_unsuccessful")
    assert [n.recipient for n in told] == [other.user]


def test_release_reopens_the_call_the_portal_closed_when_the_mission_was_staffed(filled):
    position, _, _, invitation = filled
    assert services.calls_close_due() == 1  # the mission no longer recruits
    call = position.call
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED

    release(position, invitation)

    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.closed_at is None
    assert [record.action for record in audit_records_for(call)][-1] == "reopen"
    assert services.calls_close_due() == 0  # the mission recruits again: it stays open
    assert apply(position, fitting_expert()).status == ApplicationStatus.SUBMITTED


def test_release_leaves_closed_a_call_staff_closed(filled):
    position, _, _, invitation = filled
    services.call_transition(call=position.call, name="close", actor=position.call.created_by)

    release(position, invitation)

    position.refresh_from_db()
    assert position.filled_at is None
    assert position.call.status == CallStatus.CLOSED
    with pytest.raises(TransitionNotAllowed, match="closed"):
        apply(position, fitting_expert())


def test_release_leaves_closed_a_call_past_its_deadline(filled):
    position, _, _, invitation = filled
    call = position.call
    call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    assert services.calls_close_due() == 1

    release(position, invitation)

    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


def test_an_unsuccessful_applicant_invited_after_all_is_not_told_unsuccessful_twice(filled):
    position, chosen, other, invitation = filled
    release(position, invitation)
    (second,) = invite(position, other)
    assert statuses()[other.pk] == ApplicationStatus.INVITED
    mission_services.invitation_decline(invitation=second, actor=other.user)
    third = fitting_expert()
    apply(position, third)
    (last,) = invite(position, third)
    mission_services.invitation_accept(invitation=last, actor=third.user)

    assert statuses() == {
        chosen.pk: ApplicationStatus.UNSUCCESSFUL,
        other.pk: ApplicationStatus.UNSUCCESSFUL,
        third.pk: ApplicationStatus.SELECTED,
    }
    told = Notification.objects.filter(event="call_application_unsuccessful")
    assert [n.recipient for n in told] == [other.user]


def test_releasing_an_expert_who_never_applied_reopens_the_position(position):
    mission = position.call.mission
    mission.experts_needed = 1
    mission.status = MissionStatus.STAFFED
    mission.save()
    invitation = AcceptedInvitationFactory(mission=mission, role=ExpertRole.EXPERT)
    services.positions_settle(mission=mission)
    position.refresh_from_db()
    assert position.filled_at

    release(position, invitation)

    position.refresh_from_db()
    assert position.filled_at is None
