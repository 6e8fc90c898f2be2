"""Reminders about invitations, reports and feedback, run by beat (``CELERY_BEAT_SCHEDULE``).

Imported by the worker through ``CELERY_IMPORTS``. Keys make each reminder count once: once per
invitation deadline, and once a week per report or feedback still missing, for
REMINDER_WEEKS weeks after the mission.
"""

from datetime import timedelta

from celery import shared_task
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cooperation.reminders import week_of
from notifications.services import notify
from partners.models import Institution, Membership, MembershipStatus

from .models import (
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportStatus,
)

INVITATION_WARNING = timedelta(hours=48)
REMINDER_WEEKS = 8
# Partners hear that feedback is due when the mission is completed (missions/notices.py); the
# weekly reminders start a week after its end.
FEEDBACK_REMINDER_AFTER = timedelta(days=7)


def invitations_expiring(*, now) -> QuerySet[Invitation]:
    """Invitations still unanswered whose deadline falls within INVITATION_WARNING."""
    return Invitation.objects.filter(
        status=InvitationStatus.INVITED, deadline__gt=now, deadline__lte=now + INVITATION_WARNING
    ).select_related("mission", "expert__user")


@shared_task(name="missions.remind_invitations_expiring")
def remind_invitations_expiring() -> int:
    sent = 0
    for invitation in invitations_expiring(now=timezone.now()):
        sent += len(
            notify(
                event="invitation_expiring",
                key=f"invitation-expiring:{invitation.pk}:{int(invitation.deadline.timestamp())}",
                recipients=[invitation.expert.user],
                title=_("Please answer: %(mission)s") % {"mission": invitation.mission.title},
                body=_("The invitation expires on %(deadline)s.")
                % {
                    "deadline": formats.date_format(
                        timezone.localtime(invitation.deadline), "DATETIME_FORMAT"
                    )
                },
                url=reverse("missions:expert_invitation", args=[invitation.pk]),
            )
        )
    return sent


def reports_missing(*, today) -> QuerySet[Invitation]:
    """Accepted invitations of missions ended in the last REMINDER_WEEKS weeks whose expert has
    not submitted a report."""
    submitted = MissionReport.objects.filter(
        mission=OuterRef("mission"),
        expert=OuterRef("expert"),
        status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
    )
    return (
        Invitation.objects.filter(
            status=InvitationStatus.ACCEPTED,
            mission__status__in=(
                MissionStatus.STAFFED,
                MissionStatus.IN_PROGRESS,
                MissionStatus.COMPLETED,
            ),
            mission__end_date__lt=today,
            mission__end_date__gte=today - timedelta(weeks=REMINDER_WEEKS),
        )
        .exclude(Exists(submitted))
        .select_related("mission", "expert__user")
    )


@shared_task(name="missions.remind_reports_due")
def remind_reports_due() -> int:
    now = timezone.now()
    sent = 0
    for invitation in reports_missing(today=timezone.localdate(now)):
        mission = invitation.mission
        sent += len(
            notify(
                event="report_due",
                key=f"report-due:{mission.pk}:{invitation.expert_id}:{week_of(now)}",
                recipients=[invitation.expert.user],
                title=_("Your report on %(mission)s is due") % {"mission": mission.title},
                body=_("The mission ended on %(date)s.")
                % {"date": formats.date_format(mission.end_date, "DATE_FORMAT")},
                url=reverse("missions:expert_report", args=[mission.pk]),
            )
        )
    return sent


def missions_awaiting_feedback(*, today) -> QuerySet[Mission]:
    """Completed missions that ended between FEEDBACK_REMINDER_AFTER and REMINDER_WEEKS ago, with
    their partner institutions (and their active members) and the feedback already given."""
    members = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, user__is_active=True
    ).select_related("user")
    institutions = Institution.objects.prefetch_related(
        Prefetch("memberships", members, to_attr="active_memberships")
    )
    return (
        Mission.objects.filter(
            status__in=(MissionStatus.COMPLETED, MissionStatus.REPORTED),
            end_date__lte=today - FEEDBACK_REMINDER_AFTER,
            end_date__gte=today - timedelta(weeks=REMINDER_WEEKS),
        )
        .select_related("action")
        .prefetch_related(Prefetch("action__institutions", institutions), "feedback")
    )


@shared_task(name="missions.remind_feedback_due")
def remind_feedback_due() -> int:
    now = timezone.now()
    sent = 0
    for mission in missions_awaiting_feedback(today=timezone.localdate(now)):
        given = {feedback.institution_id for feedback in mission.feedback.all()}
        for institution in mission.action.institutions.all():
            if institution.pk in given:
                continue
            sent += len(
                notify(
                    event="feedback_due",
                    key=f"feedback-due:{mission.pk}:{institution.pk}:{week_of(now)}",
                    recipients=[m.user for m in institution.active_memberships],
                    title=_("How was %(mission)s?") % {"mission": mission.title},
                    body=_("%(institution)s has not yet given its feedback on the mission.")
                    % {"institution": institution.name},
                    url=reverse("missions:partner_feedback", args=[mission.pk, institution.pk]),
                )
            )
    return sent
