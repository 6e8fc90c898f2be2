"""The mission, invitation and report state machines: every status change of the three goes here.

Mission: draft → recruiting → staffed → in progress → completed → reported → closed; cancelled
from any state before completion. ``staff``, ``reopen`` and ``mark_reported`` are taken by the
portal itself (actor ``None``): a mission is staffed when enough experts accept, recruits again
when a confirmed expert drops out, and is reported when every expert's report is accepted.

Invitation: shortlisted → invited → accepted | declined | expired | withdrawn; an accepted
expert can be released (→ withdrawn) until the mission starts.

Report: draft → submitted → accepted, or → returned → submitted again.

Services (``missions/services.py``) take the row locks that must come first (the mission before
its invitations) and then call ``apply``.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_programme_staff
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed
from cooperation.models import ActionStatus

from .models import (
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportStatus,
)
from .notices import (
    notice_expert_invited,
    notice_feedback_due,
    notice_invitation_answered,
    notice_invitation_withdrawn,
    notice_mission_changed,
    notice_mission_staffed,
    notice_report_returned,
)
from .rules import can_answer_invitation, can_write_report, is_system
from .selectors import expert_unavailability_reason, mission_missing_reports
from .signals import invitation_changed, mission_cancelled

M = MissionStatus
IS = InvitationStatus
R = ReportStatus

REPORT_SECTIONS = ("activities", "findings", "recommendations", "follow_up")


# --- Invitations -------------------------------------------------------------------------------


def mission_closed_reason(mission: Mission) -> str | None:
    """Why experts can no longer accept the mission, or None while it takes them."""
    if mission.status == M.CANCELLED:
        return _("This mission has been cancelled.")
    if mission.status == M.STAFFED or (
        mission.status == M.RECRUITING
        and mission.invitations.accepted().count() >= mission.experts_needed
    ):
        return _("The mission has just been fully staffed.")
    if mission.status != M.RECRUITING:
        return _("This mission is no longer looking for experts.")
    return None


def _guard_available(invitation: Invitation) -> None:
    mission = invitation.mission
    reason = expert_unavailability_reason(
        expert=invitation.expert,
        start=mission.start_date,
        end=mission.end_date,
        exclude_mission_id=mission.pk,
    )
    if reason:
        raise TransitionNotAllowed(reason)


def _guard_before_deadline(invitation: Invitation, actor) -> None:
    if invitation.deadline and timezone.now() > invitation.deadline:
        raise TransitionNotAllowed(_("The deadline to answer this invitation has passed."))


def _guard_invite(invitation: Invitation, actor) -> None:
    if invitation.mission.status != M.RECRUITING:
        raise TransitionNotAllowed(
            _("Experts can be invited once the mission is recruiting: start recruiting first.")
        )
    try:
        _guard_available(invitation)
    except TransitionNotAllowed as refusal:
        raise TransitionNotAllowed(
            _("%(expert)s: %(reason)s")
            % {"expert": invitation.expert.user.full_name, "reason": refusal.message}
        ) from refusal


def _guard_accept(invitation: Invitation, actor) -> None:
    _guard_before_deadline(invitation, actor)
    reason = mission_closed_reason(invitation.mission)
    if reason:
        raise TransitionNotAllowed(reason)
    _guard_available(invitation)


def _guard_expire(invitation: Invitation, actor) -> None:
    if not invitation.deadline or timezone.now() <= invitation.deadline:
        raise TransitionNotAllowed(_("The deadline to answer has not passed yet."))


def _guard_release(invitation: Invitation, actor) -> None:
    if invitation.mission.status not in (M.RECRUITING, M.STAFFED):
        raise TransitionNotAllowed(
            _("A confirmed expert can be released only before the mission starts.")
        )


def _effect_invited(invitation: Invitation, actor, comment: str) -> None:
    notice_expert_invited(invitation)
    invitation_changed.send(sender=Invitation, invitation=invitation)


def _effect_answered(invitation: Invitation, actor, comment: str) -> None:
    notice_invitation_answered(invitation)
    invitation_changed.send(sender=Invitation, invitation=invitation)


def _effect_withdrawn(invitation: Invitation, actor, comment: str) -> None:
    notice_invitation_withdrawn(invitation, comment)


def _effect_released(invitation: Invitation, actor, comment: str) -> None:
    notice_invitation_withdrawn(invitation, comment)
    mission = invitation.mission
    if MISSION_MACHINE.can(mission, "reopen", None):
        MISSION_MACHINE.apply(
            mission,
            "reopen",
            actor=None,
            comment=_("%(expert)s was released; the mission recruits again.")
            % {"expert": invitation.expert.user.full_name},
        )
    # After the mission recruits again, so the calls app can reopen the position (and its call).
    invitation_changed.send(sender=Invitation, invitation=invitation)


INVITATION_MACHINE = StateMachine(
    model=Invitation,
    transitions=[
        Transition(
            "invite",
            gettext_lazy("Invite"),
            (IS.SHORTLISTED,),
            IS.INVITED,
            allowed=is_programme_staff,
            guard=_guard_invite,
            effects=(_effect_invited,),
        ),
        Transition(
            "accept",
            gettext_lazy("Accept"),
            (IS.INVITED,),
            IS.ACCEPTED,
            allowed=can_answer_invitation,
            guard=_guard_accept,
            effects=(_effect_answered,),
        ),
        Transition(
            "decline",
            gettext_lazy("Decline"),
            (IS.INVITED,),
            IS.DECLINED,
            allowed=can_answer_invitation,
            guard=_guard_before_deadline,
            effects=(_effect_answered,),
        ),
        Transition(
            "expire",
            gettext_lazy("Expire"),
            (IS.INVITED,),
            IS.EXPIRED,
            allowed=is_system,
            guard=_guard_expire,
            effects=(_effect_answered,),
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw the invitation"),
            (IS.SHORTLISTED, IS.INVITED),
            IS.WITHDRAWN,
            allowed=is_system | is_programme_staff,
            effects=(_effect_withdrawn,),
        ),
        Transition(
            "release",
            gettext_lazy("Release the expert"),
            (IS.ACCEPTED,),
            IS.WITHDRAWN,
            allowed=is_programme_staff,
            guard=_guard_release,
            effects=(_effect_released,),
        ),
    ],
)


# --- Missions ----------------------------------------------------------------------------------


def _guard_action_open(mission: Mission, actor) -> None:
    action = mission.action
    if action.status not in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS):
        raise TransitionNotAllowed(
            _("The action is “%(status)s”: its missions cannot recruit experts.")
            % {"status": action.get_status_display()}
        )


def _guard_fully_staffed(mission: Mission, actor) -> None:
    if mission.invitations.accepted().count() < mission.experts_needed:
        raise TransitionNotAllowed(_("The mission still needs experts."))


def _guard_places_open(mission: Mission, actor) -> None:
    if mission.invitations.accepted().count() >= mission.experts_needed:
        raise TransitionNotAllowed(_("The mission has all the experts it needs."))


def _guard_reports_accepted(mission: Mission, actor) -> None:
    missing = [expert.user.full_name for expert in mission_missing_reports(mission)]
    if missing:
        raise TransitionNotAllowed(
            _("Reports still to be accepted: %(experts)s.") % {"experts": ", ".join(missing)}
        )


def _withdraw_pending(mission: Mission, reason: str) -> None:
    for invitation in mission.invitations.pending().order_by("pk"):
        try:
            INVITATION_MACHINE.apply(invitation, "withdraw", actor=None, comment=reason)
        except TransitionNotAllowed:
            continue  # Answered or expired meanwhile: nothing left to withdraw.


def _effect_staffed(mission: Mission, actor, comment: str) -> None:
    _withdraw_pending(
        mission,
        _(
            "Thank you for your interest in %(mission)s. The mission now has all the experts it "
            "needs, so we have withdrawn your invitation. We hope to work with you on another "
            "mission soon."
        )
        % {"mission": mission.title},
    )
    notice_mission_staffed(mission)


def _effect_cancelled(mission: Mission, actor, comment: str) -> None:
    _withdraw_pending(
        mission,
        _("%(mission)s has been cancelled, so we have withdrawn your invitation. %(comment)s")
        % {"mission": mission.title, "comment": comment},
    )
    notice_mission_changed(
        mission,
        summary=_("The mission planned from %(start)s to %(end)s has been cancelled. %(comment)s")
        % {
            "start": formats.date_format(mission.start_date),
            "end": formats.date_format(mission.end_date),
            "comment": comment,
        },
    )
    mission_cancelled.send(sender=Mission, mission=mission)


def _effect_completed(mission: Mission, actor, comment: str) -> None:
    notice_feedback_due(mission)
    mission_mark_reported_if_ready(mission)


def mission_mark_reported_if_ready(mission: Mission) -> None:
    """Move a completed mission to "reported" once every expert's report is accepted."""
    if MISSION_MACHINE.can(mission, "mark_reported", None):
        MISSION_MACHINE.apply(
            mission, "mark_reported", actor=None, comment=_("Every report is accepted.")
        )


MISSION_MACHINE = StateMachine(
    model=Mission,
    transitions=[
        Transition(
            "publish",
            gettext_lazy("Start recruiting"),
            (M.DRAFT,),
            M.RECRUITING,
            allowed=is_programme_staff,
            guard=_guard_action_open,
        ),
        Transition(
            "staff",
            gettext_lazy("Mark as staffed"),
            (M.RECRUITING,),
            M.STAFFED,
            allowed=is_system,
            guard=_guard_fully_staffed,
            effects=(_effect_staffed,),
        ),
        Transition(
            "reopen",
            gettext_lazy("Recruit again"),
            (M.STAFFED,),
            M.RECRUITING,
            allowed=is_system,
            guard=_guard_places_open,
        ),
        Transition(
            "start",
            gettext_lazy("Start the mission"),
            (M.STAFFED,),
            M.IN_PROGRESS,
            allowed=is_programme_staff,
        ),
        Transition(
            "complete",
            gettext_lazy("Mark as carried out"),
            (M.IN_PROGRESS,),
            M.COMPLETED,
            allowed=is_programme_staff,
            effects=(_effect_completed,),
        ),
        Transition(
            "mark_reported",
            gettext_lazy("Mark as reported"),
            (M.COMPLETED,),
            M.REPORTED,
            allowed=is_system,
            guard=_guard_reports_accepted,
        ),
        Transition(
            "close",
            gettext_lazy("Close"),
            (M.REPORTED,),
            M.CLOSED,
            allowed=is_programme_staff,
        ),
        Transition(
            "cancel",
            gettext_lazy("Cancel the mission"),
            (M.DRAFT, M.RECRUITING, M.STAFFED, M.IN_PROGRESS),
            M.CANCELLED,
            allowed=is_programme_staff,
            effects=(_effect_cancelled,),
        ),
    ],
)


# --- Reports -----------------------------------------------------------------------------------


def report_missing_sections(report: MissionReport) -> list[str]:
    return [
        str(MissionReport._meta.get_field(name).verbose_name)
        for name in REPORT_SECTIONS
        if not getattr(report, name).strip()
    ]


def _guard_report_complete(report: MissionReport, actor) -> None:
    missing = report_missing_sections(report)
    if missing:
        raise TransitionNotAllowed(
            _("The report cannot be submitted yet. Please complete: %(sections)s.")
            % {"sections": ", ".join(missing)}
        )


def _effect_report_returned(report: MissionReport, actor, comment: str) -> None:
    notice_report_returned(report, comment)


def _effect_report_accepted(report: MissionReport, actor, comment: str) -> None:
    mission_mark_reported_if_ready(report.mission)


REPORT_MACHINE = StateMachine(
    model=MissionReport,
    transitions=[
        Transition(
            "submit",
            gettext_lazy("Submit the report"),
            (R.DRAFT, R.RETURNED),
            R.SUBMITTED,
            allowed=can_write_report,
            guard=_guard_report_complete,
        ),
        Transition(
            "return",
            gettext_lazy("Return with comments"),
            (R.SUBMITTED,),
            R.RETURNED,
            allowed=is_programme_staff,
            effects=(_effect_report_returned,),
        ),
        Transition(
            "accept",
            gettext_lazy("Accept the report"),
            (R.SUBMITTED,),
            R.ACCEPTED,
            allowed=is_programme_staff,
            effects=(_effect_report_accepted,),
        ),
    ],
)
