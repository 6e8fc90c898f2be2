"""The mission, invitation and report state machines: allowed arrows, guards, effects, audit."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditRecord
from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from cooperation.models import ActionStatus
from missions import services
from missions.models import InvitationStatus, MissionStatus, ReportStatus
from missions.transitions import INVITATION_MACHINE, MISSION_MACHINE, REPORT_MACHINE
from notifications.models import Notification
from tests.factories import ExpertFactory, MembershipFactory, OfficerFactory
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionFactory,
    MissionReportFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
)

pytestmark = pytest.mark.django_db


def test_mission_publish_starts_recruiting_with_an_audit_record():
    mission = MissionFactory()
    officer = OfficerFactory()

    mission = MISSION_MACHINE.apply(mission, "publish", actor=officer)

    assert mission.status == MissionStatus.RECRUITING
    record = audit_records_for(mission).get()
    assert (record.action, record.from_state, record.to_state, record.actor) == (
        "publish",
        "draft",
        "recruiting",
        officer,
    )


def test_mission_publish_refused_when_the_action_is_cancelled():
    mission = MissionFactory(action__status=ActionStatus.CANCELLED)

    with pytest.raises(TransitionNotAllowed) as refusal:
        MISSION_MACHINE.apply(mission, "publish", actor=OfficerFactory())

    assert "cannot recruit" in refusal.value.message
    mission.refresh_from_db()
    assert mission.status == MissionStatus.DRAFT
    assert AuditRecord.objects.count() == 0


def test_mission_staff_is_taken_by_the_portal_not_by_staff():
    mission = RecruitingMissionFactory(experts_needed=1)
    AcceptedInvitationFactory(mission=mission)

    with pytest.raises(TransitionNotAllowed):
        MISSION_MACHINE.apply(mission, "staff", actor=OfficerFactory())

    assert MISSION_MACHINE.apply(mission, "staff", actor=None).status == MissionStatus.STAFFED


def test_mission_staff_refused_while_places_are_open():
    mission = RecruitingMissionFactory(experts_needed=2)
    AcceptedInvitationFactory(mission=mission)

    assert not MISSION_MACHINE.can(mission, "staff", None)


def test_mission_lifecycle_to_closed():
    officer = OfficerFactory()
    mission = RecruitingMissionFactory(experts_needed=1)
    invitation = AcceptedInvitationFactory(mission=mission)
    mission = MISSION_MACHINE.apply(mission, "staff", actor=None)

    mission = MISSION_MACHINE.apply(mission, "start", actor=officer)
    mission = MISSION_MACHINE.apply(mission, "complete", actor=officer)
    assert mission.status == MissionStatus.COMPLETED
    with pytest.raises(TransitionNotAllowed):
        MISSION_MACHINE.apply(mission, "close", actor=officer)

    report = MissionReportFactory(
        mission=mission, expert=invitation.expert, status=ReportStatus.SUBMITTED
    )
    services.report_review(report=report, actor=officer, accept=True, comment="")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.REPORTED

    mission = MISSION_MACHINE.apply(mission, "close", actor=officer)
    assert mission.status == MissionStatus.CLOSED
    assert [r.to_state for r in audit_records_for(mission)] == [
        "staffed",
        "in_progress",
        "completed",
        "reported",
        "closed",
    ]


def test_mission_complete_tells_the_partner_feedback_is_due():
    mission = MissionFactory(status=MissionStatus.IN_PROGRESS)
    membership = MembershipFactory()
    mission.action.institutions.set([membership.institution])

    MISSION_MACHINE.apply(mission, "complete", actor=OfficerFactory())

    notification = Notification.objects.get(event="feedback_due")
    assert notification.recipient == membership.user
    assert notification.url == f"/missions/{mission.pk}/"


def test_mission_cancel_withdraws_pending_invitations_and_tells_the_confirmed_experts():
    mission = RecruitingMissionFactory(experts_needed=2)
    pending = PendingInvitationFactory(mission=mission)
    accepted = AcceptedInvitationFactory(mission=mission)

    MISSION_MACHINE.apply(mission, "cancel", actor=OfficerFactory(), comment="The law was adopted.")

    pending.refresh_from_db()
    assert pending.status == InvitationStatus.WITHDRAWN
    assert list(
        Notification.objects.filter(event="invitation_withdrawn").values_list(
            "recipient", flat=True
        )
    ) == [pending.expert.user_id]
    changed = Notification.objects.get(event="mission_changed")
    assert changed.recipient == accepted.expert.user
    assert "The law was adopted." in changed.body


def test_mission_cancel_refused_once_completed():
    mission = MissionFactory(status=MissionStatus.COMPLETED)

    with pytest.raises(TransitionNotAllowed):
        MISSION_MACHINE.apply(mission, "cancel", actor=OfficerFactory())


def test_invitation_invite_refused_while_the_mission_is_a_draft():
    invitation = PendingInvitationFactory(
        mission=MissionFactory(), status=InvitationStatus.SHORTLISTED
    )

    with pytest.raises(TransitionNotAllowed) as refusal:
        INVITATION_MACHINE.apply(invitation, "invite", actor=OfficerFactory())

    assert "recruiting" in refusal.value.message


def test_invitation_invite_refused_for_an_expert_not_approved():
    invitation = PendingInvitationFactory(
        status=InvitationStatus.SHORTLISTED, expert=ExpertFactory(roster_status="suspended")
    )

    with pytest.raises(TransitionNotAllowed) as refusal:
        INVITATION_MACHINE.apply(invitation, "invite", actor=OfficerFactory())

    assert "approved" in refusal.value.message


def test_invitation_accept_only_by_the_invited_expert():
    invitation = PendingInvitationFactory()
    other_expert = ExpertFactory()

    assert not INVITATION_MACHINE.can(invitation, "accept", other_expert.user)
    assert not INVITATION_MACHINE.can(invitation, "accept", OfficerFactory())
    assert INVITATION_MACHINE.can(invitation, "accept", invitation.expert.user)


def test_invitation_expire_only_after_the_deadline():
    invitation = PendingInvitationFactory()
    assert not INVITATION_MACHINE.can(invitation, "expire", None)

    invitation.deadline = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()

    assert INVITATION_MACHINE.apply(invitation, "expire", actor=None).status == "expired"


def test_invitation_release_reopens_a_staffed_mission():
    mission = RecruitingMissionFactory(experts_needed=1)
    invitation = AcceptedInvitationFactory(mission=mission)
    MISSION_MACHINE.apply(mission, "staff", actor=None)

    INVITATION_MACHINE.apply(
        invitation, "release", actor=OfficerFactory(), comment="Called back by the ministry."
    )

    mission.refresh_from_db()
    assert mission.status == MissionStatus.RECRUITING
    assert Notification.objects.get(event="invitation_withdrawn").body == (
        "Called back by the ministry."
    )


def test_invitation_release_refused_once_the_mission_started():
    invitation = AcceptedInvitationFactory(mission__status=MissionStatus.IN_PROGRESS)

    with pytest.raises(TransitionNotAllowed):
        INVITATION_MACHINE.apply(invitation, "release", actor=OfficerFactory())


def test_report_submit_refused_until_every_section_is_written():
    report = MissionReportFactory(
        mission__status=MissionStatus.IN_PROGRESS, recommendations="", follow_up=" "
    )
    AcceptedInvitationFactory(mission=report.mission, expert=report.expert)

    with pytest.raises(TransitionNotAllowed) as refusal:
        REPORT_MACHINE.apply(report, "submit", actor=report.expert.user)

    assert refusal.value.message == (
        "The report cannot be submitted yet. Please complete: recommendations, proposed follow-up."
    )


def test_report_submit_only_by_its_author():
    report = MissionReportFactory(mission__status=MissionStatus.COMPLETED)

    assert not REPORT_MACHINE.can(report, "submit", ExpertFactory().user)
    assert REPORT_MACHINE.can(report, "submit", report.expert.user)


def test_report_return_tells_the_expert_with_the_comments():
    report = MissionReportFactory(status=ReportStatus.SUBMITTED)

    services.report_review(
        report=report, actor=OfficerFactory(), accept=False, comment="Add the legal references."
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.staff_comment == "Add the legal references."
    notification = Notification.objects.get(event="report_returned")
    assert (notification.recipient, notification.body) == (
        report.expert.user,
        "Add the legal references.",
    )


def test_report_return_refused_without_a_comment():
    report = MissionReportFactory(status=ReportStatus.SUBMITTED)

    with pytest.raises(TransitionNotAllowed):
        services.report_review(report=report, actor=OfficerFactory(), accept=False, comment=" ")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
