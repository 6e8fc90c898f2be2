"""Who may see and change missions, invitations, reports and feedback.

Role predicates come from ``accounts.rules``; these add the object-level part. Selectors scope
every queryset the same way, so another user's object answers 404.
"""

import rules

from accounts.rules import is_expert, is_partner, is_programme_staff
from partners.selectors import institution_ids_of

from .models import InvitationStatus, MissionStatus, ReportStatus

# Partners give feedback once the mission has taken place.
FEEDBACK_STATES = (MissionStatus.COMPLETED, MissionStatus.REPORTED, MissionStatus.CLOSED)
# Experts write their report while the mission runs and after it.
REPORTING_STATES = (MissionStatus.IN_PROGRESS, MissionStatus.COMPLETED)


@rules.predicate
def is_system(user, obj=None) -> bool:
    """No user: a task or an automatic follow-up (staffing, expiry) takes the transition."""
    return user is None


@rules.predicate
def is_invited_expert(user, invitation) -> bool:
    return invitation is not None and invitation.expert.user_id == user.pk


@rules.predicate
def is_report_author(user, report) -> bool:
    return report is not None and report.expert.user_id == user.pk


@rules.predicate
def is_report_editable(user, report) -> bool:
    return report is not None and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


@rules.predicate
def is_mission_open_for_reports(user, report) -> bool:
    return report is not None and report.mission.status in REPORTING_STATES


@rules.predicate
def is_mission_partner(user, mission) -> bool:
    return (
        mission is not None
        and mission.action.institutions.filter(pk__in=institution_ids_of(user)).exists()
    )


@rules.predicate
def is_mission_expert(user, mission) -> bool:
    return (
        mission is not None
        and mission.invitations.filter(expert__user=user, status=InvitationStatus.ACCEPTED).exists()
    )


@rules.predicate
def is_mission_past(user, mission) -> bool:
    return mission is not None and mission.status in FEEDBACK_STATES


can_answer_invitation = is_expert & is_invited_expert
can_write_report = is_expert & is_report_author & is_report_editable & is_mission_open_for_reports
can_give_feedback = is_partner & is_mission_partner & is_mission_past

rules.add_perm("missions.view_mission", is_programme_staff | is_mission_partner | is_mission_expert)
rules.add_perm("missions.change_mission", is_programme_staff)
rules.add_perm("missions.answer_invitation", can_answer_invitation)
rules.add_perm("missions.change_missionreport", can_write_report)
rules.add_perm("missions.review_missionreport", is_programme_staff)
rules.add_perm("missions.give_feedback", can_give_feedback)
