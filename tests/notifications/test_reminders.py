"""Reminders run by beat: who receives them, what they say, and that each counts once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import AuditRecord
from audit.services import audit_record_create
from cooperation.celery import app
from cooperation.models import RequestStatus
from cooperation.reminders import remind_information_requested
from missions.models import (
    Feedback,
    InvitationStatus,
    MissionReport,
    MissionStatus,
    ReportStatus,
)
from missions.reminders import remind_feedback_due, remind_invitations_expiring, remind_reports_due
from notifications.models import Notification
from partners.models import MembershipRole, MembershipStatus
from tests.factories.accounts import PartnerUserFactory
from tests.factories.cooperation import ActionFactory, SubmittedRequestFactory
from tests.factories.missions import InvitationFactory, MissionFactory
from tests.factories.partners import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def recipients_of(event: str) -> set:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def request_awaiting_information(days: int, *, status=RequestStatus.INFO_REQUESTED):
    request = SubmittedRequestFactory(status=status)
    record = audit_record_create(
        target=request, actor=None, action="request_info", from_state="in_review", to_state=status
    )
    AuditRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return request


def test_information_reminder_goes_to_the_submitter_and_focal_points_after_7_days():
    request = request_awaiting_information(8)
    focal_point = MembershipFactory(institution=request.lead_institution).user
    MembershipFactory(institution=request.lead_institution, role=MembershipRole.MEMBER)
    MembershipFactory(institution=request.lead_institution, status=MembershipStatus.PENDING)

    assert remind_information_requested() == 2

    assert recipients_of("information_reminder") == {
        request.submitted_by.email,
        focal_point.email,
    }
    notification = Notification.objects.filter(event="information_reminder").first()
    assert notification.title == f"{request.reference} still waits for your answer"
    assert request.title in notification.body
    assert notification.url == f"/requests/{request.pk}/"


def test_information_reminder_fires_once_a_week():
    request_awaiting_information(8)

    remind_information_requested()
    assert remind_information_requested() == 0

    assert Notification.objects.filter(event="information_reminder").count() == 1


@pytest.mark.parametrize(
    ("days", "status"),
    [(6, RequestStatus.INFO_REQUESTED), (10, RequestStatus.IN_REVIEW)],
    ids=["asked-6-days-ago", "already-answered"],
)
def test_no_information_reminder_before_7_days_or_once_answered(days, status):
    request_awaiting_information(days, status=status)

    assert remind_information_requested() == 0


def test_information_reminder_counts_from_the_last_request_for_information():
    request = request_awaiting_information(20)
    audit_record_create(target=request, actor=None, action="request_info")

    assert remind_information_requested() == 0


def test_expiring_invitation_reminds_the_expert_once():
    soon = InvitationFactory(
        status=InvitationStatus.INVITED, deadline=timezone.now() + datetime.timedelta(hours=20)
    )
    InvitationFactory(
        status=InvitationStatus.INVITED, deadline=timezone.now() + datetime.timedelta(days=4)
    )
    InvitationFactory(
        status=InvitationStatus.ACCEPTED, deadline=timezone.now() + datetime.timedelta(hours=5)
    )
    InvitationFactory(
        status=InvitationStatus.INVITED, deadline=timezone.now() - datetime.timedelta(hours=1)
    )

    assert remind_invitations_expiring() == 1
    assert remind_invitations_expiring() == 0

    assert recipients_of("invitation_expiring") == {soon.expert.user.email}
    notification = Notification.objects.get(event="invitation_expiring")
    assert notification.title == f"Please answer: {soon.mission.title}"
    assert notification.url == f"/invitations/{soon.pk}/"


def ended_mission(days_ago: int, status=MissionStatus.COMPLETED, **fields):
    end = TODAY() - datetime.timedelta(days=days_ago)
    return MissionFactory(
        start_date=end - datetime.timedelta(days=3), end_date=end, status=status, **fields
    )


def test_report_due_reminds_each_expert_without_a_submitted_report():
    mission = ended_mission(1, MissionStatus.IN_PROGRESS)
    waiting = InvitationFactory(mission=mission, status=InvitationStatus.ACCEPTED)
    draft = InvitationFactory(mission=mission, status=InvitationStatus.ACCEPTED)
    MissionReport.objects.create(mission=mission, expert=draft.expert, status=ReportStatus.DRAFT)
    done = InvitationFactory(mission=mission, status=InvitationStatus.ACCEPTED)
    MissionReport.objects.create(mission=mission, expert=done.expert, status=ReportStatus.SUBMITTED)
    InvitationFactory(mission=mission, status=InvitationStatus.DECLINED)

    assert remind_reports_due() == 2
    assert remind_reports_due() == 0

    assert recipients_of("report_due") == {waiting.expert.user.email, draft.expert.user.email}
    notification = Notification.objects.filter(event="report_due").first()
    assert notification.title == f"Your report on {mission.title} is due"
    assert notification.url == f"/missions/{mission.pk}/report/"


@pytest.mark.parametrize(
    ("days_ago", "status"),
    [
        (0, MissionStatus.IN_PROGRESS),
        (70, MissionStatus.COMPLETED),
        (3, MissionStatus.CANCELLED),
        (3, MissionStatus.REPORTED),
    ],
    ids=["not-ended", "too-long-ago", "cancelled", "reported"],
)
def test_no_report_reminder_outside_the_window(days_ago, status):
    InvitationFactory(mission=ended_mission(days_ago, status), status=InvitationStatus.ACCEPTED)

    assert remind_reports_due() == 0


def test_feedback_due_reminds_the_members_of_institutions_without_feedback():
    waiting, answered = InstitutionFactory(), InstitutionFactory()
    mission = ended_mission(8, action=ActionFactory(institutions=[waiting, answered]))
    member = MembershipFactory(institution=waiting, role=MembershipRole.MEMBER).user
    focal_point = MembershipFactory(institution=waiting).user
    MembershipFactory(institution=waiting, status=MembershipStatus.DECLINED)
    other = MembershipFactory(institution=answered).user
    Feedback.objects.create(
        mission=mission,
        institution=answered,
        submitted_by=other,
        relevance=5,
        expertise=5,
        organisation=4,
        usefulness=5,
    )

    assert remind_feedback_due() == 2
    assert remind_feedback_due() == 0

    assert recipients_of("feedback_due") == {member.email, focal_point.email}
    notification = Notification.objects.filter(event="feedback_due").first()
    assert waiting.name in notification.body
    assert notification.url == f"/missions/{mission.pk}/feedback/{waiting.pk}/"


@pytest.mark.parametrize(
    ("days_ago", "status"),
    [(3, MissionStatus.COMPLETED), (70, MissionStatus.COMPLETED), (10, MissionStatus.STAFFED)],
    ids=["first-week", "too-long-ago", "not-completed"],
)
def test_no_feedback_reminder_outside_the_window(days_ago, status):
    institution = InstitutionFactory()
    MembershipFactory(institution=institution, user=PartnerUserFactory())
    ended_mission(days_ago, status, action=ActionFactory(institutions=[institution]))

    assert remind_feedback_due() == 0


def test_every_periodic_task_is_registered_with_the_worker():
    app.loader.import_default_modules()  # what the worker does at start: imports and tasks.py

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
