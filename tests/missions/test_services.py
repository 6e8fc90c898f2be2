"""Missions, invitations, reports and feedback through the services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from cooperation.transitions import ACTION_MACHINE
from experts.models import UnavailablePeriod
from experts.shortlists import shortlist_of
from missions import services
from missions.models import Feedback, Invitation, InvitationStatus, MissionStatus, ReportStatus
from missions.tasks import expire_invitations
from missions.tokens import ACCEPT, invitation_from_token
from notifications.models import Notification
from tests.factories import (
    ActionFactory,
    ExpertFactory,
    MembershipFactory,
    OfficerFactory,
    language,
    theme,
)
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionFactory,
    MissionReportFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
    mission_shortlist,
)
from uploads.validation import check_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _plan(**overrides):
    today = timezone.localdate()
    return {
        "activity_type": "expert_mission",
        "title": "Review of the health insurance law",
        "terms_of_reference": "Review the draft law with the fund's legal unit.",
        "is_remote": False,
        "city": "Pristina",
        "country": None,
        "start_date": today + datetime.timedelta(days=40),
        "end_date": today + datetime.timedelta(days=44),
        "expert_days": 10,
        "experts_needed": 2,
        **overrides,
    }


def test_mission_create_numbers_missions_within_the_action_and_runs_matching(
    django_capture_on_commit_callbacks,
):
    action = ActionFactory()
    officer = OfficerFactory()

    with django_capture_on_commit_callbacks() as queued:
        first = services.mission_create(
            action=action,
            actor=officer,
            fields=_plan(),
            languages=[language("en")],
            themes=[theme("health-insurance")],
        )
        second = services.mission_create(
            action=action, actor=officer, fields=_plan(title="Webinar"), languages=[], themes=[]
        )

    assert (first.number, second.number) == (1, 2)
    assert first.reference == f"{action.reference}/1"
    assert list(first.languages.values_list("code", flat=True)) == ["en"]
    assert audit_records_for(first).get().action == "create"
    assert [shortlist_of(m).status for m in (first, second)] == ["pending", "pending"]
    assert len(queued) == 2  # one matching task per mission, after the commit


def test_mission_update_of_the_languages_runs_matching_again(django_capture_on_commit_callbacks):
    mission = RecruitingMissionFactory()

    with django_capture_on_commit_callbacks() as queued:
        services.mission_update(
            mission=mission,
            actor=OfficerFactory(),
            fields={"title": mission.title},
            languages=[language("fr")],
            themes=[],
        )

    assert audit_records_for(mission).get().data == {"changed": ["languages"]}
    assert shortlist_of(mission).status == "pending"
    assert len(queued) == 1


def test_mission_update_records_changes_and_tells_invited_experts():
    mission = RecruitingMissionFactory()
    invitation = PendingInvitationFactory(mission=mission)
    new_start = mission.start_date + datetime.timedelta(days=7)

    services.mission_update(
        mission=mission,
        actor=OfficerFactory(),
        fields={"start_date": new_start, "end_date": new_start + datetime.timedelta(days=2)},
        languages=[],
        themes=[],
    )

    record = audit_records_for(mission).get()
    assert record.data == {"changed": ["start_date", "end_date"]}
    notification = Notification.objects.get(event="mission_changed")
    assert notification.recipient == invitation.expert.user
    assert new_start.isoformat() in notification.body


def test_mission_update_refuses_fewer_places_than_confirmed_experts():
    mission = RecruitingMissionFactory(experts_needed=2)
    AcceptedInvitationFactory.create_batch(2, mission=mission)

    with pytest.raises(ValidationError):
        services.mission_update(
            mission=mission,
            actor=OfficerFactory(),
            fields={"experts_needed": 1},
            languages=[],
            themes=[],
        )

    mission.refresh_from_db()
    assert mission.experts_needed == 2


def test_mission_update_more_places_reopens_a_staffed_mission():
    mission = RecruitingMissionFactory(experts_needed=1)
    AcceptedInvitationFactory(mission=mission)
    services.mission_transition(mission=mission, name="staff", actor=None)

    services.mission_update(
        mission=mission,
        actor=OfficerFactory(),
        fields={"experts_needed": 2},
        languages=[],
        themes=[],
    )

    mission.refresh_from_db()
    assert mission.status == MissionStatus.RECRUITING


def test_invitations_send_keeps_the_score_and_notifies_with_signed_links():
    mission = RecruitingMissionFactory()
    experts = ExpertFactory.create_batch(2)
    shortlist = mission_shortlist(mission, experts)
    deadline = timezone.now() + datetime.timedelta(days=5)

    invited = services.invitations_send(
        mission=mission,
        entries=shortlist.entries.order_by("rank"),
        deadline=deadline,
        actor=OfficerFactory(),
    )

    assert [i.status for i in invited] == [InvitationStatus.INVITED] * 2
    assert [i.score for i in invited] == [0.9, 0.8]
    assert invited[0].deadline == deadline
    notification = Notification.objects.get(recipient=experts[0].user, event="expert_invited")
    # The token is timestamped, so compare what it stands for, not its text.
    token = re.search(r"/invitations/link/([^/]+)/accept/", notification.body).group(1)
    assert invitation_from_token(token, ACCEPT) == invited[0]
    assert notification.url == f"/invitations/{invited[0].pk}/"


def test_invitations_send_is_all_or_nothing():
    mission = RecruitingMissionFactory()
    busy = ExpertFactory()
    UnavailablePeriod.objects.create(
        expert=busy, start=mission.start_date, end=mission.end_date, reason="Leave"
    )
    shortlist = mission_shortlist(mission, [ExpertFactory(), busy])

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitations_send(
            mission=mission,
            entries=shortlist.entries.order_by("rank"),
            deadline=timezone.now() + datetime.timedelta(days=5),
            actor=OfficerFactory(),
        )

    assert busy.user.full_name in refusal.value.message
    assert Invitation.objects.count() == 0
    assert Notification.objects.count() == 0


def test_invitation_accept_last_place_staffs_and_withdraws_the_others_politely():
    mission = RecruitingMissionFactory(experts_needed=2)
    AcceptedInvitationFactory(mission=mission)
    last = PendingInvitationFactory(mission=mission)
    other = PendingInvitationFactory(mission=mission)

    services.invitation_accept(invitation=last, actor=last.expert.user)

    mission.refresh_from_db()
    other.refresh_from_db()
    assert mission.status == MissionStatus.STAFFED
    assert other.status == InvitationStatus.WITHDRAWN
    withdrawn = Notification.objects.get(event="invitation_withdrawn")
    assert withdrawn.recipient == other.expert.user
    assert "Thank you for your interest" in withdrawn.body
    assert Notification.objects.filter(event="mission_staffed").exists()
    answered = Notification.objects.get(event="invitation_answered")
    assert answered.recipient == mission.created_by


def test_invitation_accept_refused_when_the_mission_was_just_staffed():
    mission = RecruitingMissionFactory(experts_needed=1)
    first = PendingInvitationFactory(mission=mission)
    second = PendingInvitationFactory(mission=mission)
    services.invitation_accept(invitation=first, actor=first.expert.user)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitation_accept(invitation=second, actor=second.expert.user)

    assert refusal.value.message == "The mission has just been fully staffed."
    assert mission.invitations.accepted().count() == 1


def test_invitation_accept_refused_for_a_cancelled_mission():
    invitation = PendingInvitationFactory()
    services.mission_transition(mission=invitation.mission, name="cancel", actor=OfficerFactory())

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitation_accept(invitation=invitation, actor=invitation.expert.user)

    assert refusal.value.message == "This mission has been cancelled."


def test_invitation_accept_refused_when_it_overlaps_another_accepted_mission():
    expert = ExpertFactory()
    invitation = PendingInvitationFactory(expert=expert)
    AcceptedInvitationFactory(
        expert=expert,
        mission=RecruitingMissionFactory(
            start_date=invitation.mission.end_date, end_date=invitation.mission.end_date
        ),
    )

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitation_accept(invitation=invitation, actor=expert.user)

    assert "overlaps" in refusal.value.message
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_invitation_accept_ignores_a_cancelled_overlapping_mission():
    expert = ExpertFactory()
    invitation = PendingInvitationFactory(expert=expert)
    AcceptedInvitationFactory(
        expert=expert,
        mission=MissionFactory(
            status=MissionStatus.CANCELLED,
            start_date=invitation.mission.start_date,
            end_date=invitation.mission.end_date,
        ),
    )

    accepted = services.invitation_accept(invitation=invitation, actor=expert.user)

    assert accepted.status == InvitationStatus.ACCEPTED


def test_invitation_accept_refused_for_an_expert_suspended_since_the_invitation():
    invitation = PendingInvitationFactory()
    invitation.expert.roster_status = "suspended"
    invitation.expert.save()

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitation_accept(invitation=invitation, actor=invitation.expert.user)

    assert "approved" in refusal.value.message


def test_invitation_accept_refused_after_the_deadline():
    invitation = PendingInvitationFactory(deadline=timezone.now() - datetime.timedelta(hours=1))

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.invitation_accept(invitation=invitation, actor=invitation.expert.user)

    assert refusal.value.message == "The deadline to answer this invitation has passed."


def test_invitation_decline_keeps_the_reason_and_tells_the_officer():
    officer = OfficerFactory()
    invitation = PendingInvitationFactory(invited_by=officer)

    services.invitation_decline(
        invitation=invitation, actor=invitation.expert.user, reason="On leave that month."
    )

    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_reason) == ("declined", "On leave that month.")
    notification = Notification.objects.get(event="invitation_answered")
    assert (notification.recipient, notification.body) == (officer, "On leave that month.")


def test_expire_invitations_task_expires_overdue_ones_once():
    overdue = PendingInvitationFactory(deadline=timezone.now() - datetime.timedelta(minutes=5))
    current = PendingInvitationFactory()

    assert expire_invitations.delay().get() == 1
    assert expire_invitations.delay().get() == 0

    overdue.refresh_from_db()
    current.refresh_from_db()
    assert (overdue.status, current.status) == ("expired", "invited")


def test_report_save_keeps_sections_and_checked_attachments():
    invitation = AcceptedInvitationFactory(mission__status=MissionStatus.IN_PROGRESS)
    upload = check_upload(
        SimpleUploadedFile("Agenda (final).pdf", PDF),
        allowed={"pdf": "application/pdf"},
        max_size=10**6,
    )

    report = services.report_save(
        mission=invitation.mission,
        expert=invitation.expert,
        actor=invitation.expert.user,
        sections={"activities": "Workshops", "findings": "Gaps"},
        attachments=[upload],
    )

    assert (report.status, report.activities, report.findings) == ("draft", "Workshops", "Gaps")
    attachment = report.attachments.get()
    assert (attachment.original_name, attachment.content_type) == (
        "Agenda-final.pdf",
        "application/pdf",
    )
    assert attachment.file.read() == PDF


def test_report_save_refused_once_submitted():
    report = MissionReportFactory(status=ReportStatus.SUBMITTED)
    AcceptedInvitationFactory(mission=report.mission, expert=report.expert)

    with pytest.raises(TransitionNotAllowed):
        services.report_save(
            mission=report.mission,
            expert=report.expert,
            actor=report.expert.user,
            sections={"activities": "Changed"},
        )


def test_feedback_save_twice_edits_the_first():
    mission = MissionFactory(status=MissionStatus.COMPLETED)
    membership = MembershipFactory()
    mission.action.institutions.set([membership.institution])
    ratings = {"relevance": 5, "expertise": 4, "organisation": 3, "usefulness": 5}

    first, created = services.feedback_save(
        mission=mission,
        institution=membership.institution,
        actor=membership.user,
        ratings=ratings,
        comments="Very useful.",
    )
    second, created_again = services.feedback_save(
        mission=mission,
        institution=membership.institution,
        actor=membership.user,
        ratings={**ratings, "organisation": 5},
        comments="Very useful; the logistics were fine after all.",
    )

    assert (created, created_again, first.pk) == (True, False, second.pk)
    assert Feedback.objects.get().organisation == 5
    assert [r.action for r in audit_records_for(mission)] == ["feedback", "feedback_edit"]


def test_feedback_save_refused_before_the_mission_took_place():
    mission = RecruitingMissionFactory()
    membership = MembershipFactory()
    mission.action.institutions.set([membership.institution])

    with pytest.raises(TransitionNotAllowed):
        services.feedback_save(
            mission=mission,
            institution=membership.institution,
            actor=membership.user,
            ratings={"relevance": 5, "expertise": 5, "organisation": 5, "usefulness": 5},
            comments="",
        )


def test_action_complete_waits_for_every_mission_to_be_closed_or_cancelled():
    action = ActionFactory(status="in_progress")
    open_mission = MissionFactory(action=action, status=MissionStatus.REPORTED)
    MissionFactory(action=action, status=MissionStatus.CANCELLED)
    officer = OfficerFactory()

    with pytest.raises(TransitionNotAllowed) as refusal:
        ACTION_MACHINE.apply(action, "complete", actor=officer)
    assert refusal.value.message == (
        f"These missions are not closed yet: {open_mission.reference} (Reported)."
    )

    services.mission_transition(mission=open_mission, name="close", actor=officer)
    assert ACTION_MACHINE.apply(action, "complete", actor=officer).status == "completed"
