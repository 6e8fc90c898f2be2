"""Writes of the missions domain: missions, invitations, reports and feedback.

Services that touch invitations lock the mission row first (then the expert, then the invitation
inside ``StateMachine.apply``), always in that order: two experts accepting the last place, or one
expert accepting two overlapping missions, are serialised, and no two transactions wait on each
other.
"""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record_create
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Action
from experts.models import Expert, ShortlistEntry
from experts.shortlists import shortlist_refresh
from partners.models import Institution
from reference.models import Language, ThematicArea
from uploads.validation import CheckedUpload

from .models import (
    ExpertRole,
    Feedback,
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportAttachment,
)
from .notices import notice_mission_changed
from .rules import can_give_feedback, can_write_report
from .selectors import action_open_missions, expert_unavailability_reason
from .transitions import (
    INVITATION_MACHINE,
    MISSION_MACHINE,
    REPORT_MACHINE,
    mission_closed_reason,
)

# What matching looks at: a change re-runs it.
REQUIREMENT_FIELDS = ("terms_of_reference", "start_date", "end_date", "is_remote", "country")
# What the invited and confirmed experts and the partners are told about when it changes.
PRACTICAL_FIELDS = (
    "title",
    "activity_type",
    "start_date",
    "end_date",
    "is_remote",
    "city",
    "country",
)
# A mission's plan can change until it starts.
EDITABLE_STATES = (MissionStatus.DRAFT, MissionStatus.RECRUITING, MissionStatus.STAFFED)


def _lock_mission(mission_id: int) -> Mission:
    return Mission.objects.select_for_update().select_related("action").get(pk=mission_id)


def _requirements_changed(mission: Mission, actor) -> None:
    """Matching runs again for the mission once the transaction commits."""
    shortlist_refresh(subject=mission, requested_by=actor)


# --- Missions ----------------------------------------------------------------------------------


def mission_create(
    *,
    action: Action,
    actor,
    fields: dict[str, Any],
    languages: Iterable[Language],
    themes: Iterable[ThematicArea],
) -> Mission:
    """Add a draft mission to an action, numbered within it, and set matching off."""
    with transaction.atomic():
        Action.objects.select_for_update().get(pk=action.pk)  # Numbers are given one at a time.
        number = (action.missions.aggregate(last=Max("number"))["last"] or 0) + 1
        mission = Mission.objects.create(action=action, number=number, created_by=actor, **fields)
        mission.languages.set(languages)
        mission.themes.set(themes)
        audit_record_create(target=mission, actor=actor, action="create", to_state=mission.status)
        _requirements_changed(mission, actor)
    return mission


def mission_update(
    *,
    mission: Mission,
    actor,
    fields: dict[str, Any],
    languages: Iterable[Language],
    themes: Iterable[ThematicArea],
) -> Mission:
    """Change a mission's plan before it starts.

    Raises ``ValidationError`` when the change would leave fewer places than confirmed experts,
    or move the mission onto another mission of a confirmed expert. Matching runs again when the
    requirements change; invited and confirmed experts and the partners hear of practical
    changes; the staffing follows a new number of experts needed.
    """
    with transaction.atomic():
        locked = _lock_mission(mission.pk)
        if locked.status not in EDITABLE_STATES:
            raise ValidationError(
                _("A mission that is “%(status)s” can no longer be changed.")
                % {"status": locked.get_status_display()}
            )
        _check_confirmed_experts_fit(locked, fields)
        before = {name: getattr(locked, name) for name in fields}
        old_languages = set(locked.languages.values_list("pk", flat=True))
        old_themes = set(locked.themes.values_list("pk", flat=True))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        locked.languages.set(languages)
        locked.themes.set(themes)
        changed = [name for name in fields if before[name] != fields[name]]
        if set(locked.languages.values_list("pk", flat=True)) != old_languages:
            changed.append("languages")
        if set(locked.themes.values_list("pk", flat=True)) != old_themes:
            changed.append("themes")
        if not changed:
            return locked
        labels = [str(Mission._meta.get_field(name).verbose_name) for name in changed]
        audit_record_create(
            target=locked,
            actor=actor,
            action="edit",
            comment=_("Changed: %(fields)s.") % {"fields": ", ".join(labels)},
            data={"changed": changed},
        )
        if set(changed) & {*REQUIREMENT_FIELDS, "languages", "themes"}:
            _requirements_changed(locked, actor)
        practical = [name for name in changed if name in PRACTICAL_FIELDS]
        if practical and locked.status != MissionStatus.DRAFT:
            notice_mission_changed(
                locked,
                summary=_("Please note the new details of the mission: %(details)s.")
                % {"details": _mission_details(locked)},
            )
        _sync_staffing(locked)
    return locked


def _check_confirmed_experts_fit(mission: Mission, fields: dict[str, Any]) -> None:
    confirmed = list(mission.invitations.accepted().select_related("expert__user"))
    needed = fields.get("experts_needed", mission.experts_needed)
    if needed < len(confirmed):
        raise ValidationError(
            _(
                "%(count)s experts have already accepted: the mission needs at least as many "
                "places. Release an expert first."
            )
            % {"count": len(confirmed)}
        )
    start = fields.get("start_date", mission.start_date)
    end = fields.get("end_date", mission.end_date)
    if (start, end) == (mission.start_date, mission.end_date):
        return
    for invitation in confirmed:
        reason = expert_unavailability_reason(
            expert=invitation.expert, start=start, end=end, exclude_mission_id=mission.pk
        )
        if reason:
            raise ValidationError(
                _("%(expert)s cannot follow the new dates: %(reason)s")
                % {"expert": invitation.expert.user.full_name, "reason": reason}
            )


def _mission_details(mission: Mission) -> str:
    return _("%(type)s, %(location)s, %(start)s – %(end)s") % {
        "type": mission.get_activity_type_display(),
        "location": mission.location,
        "start": mission.start_date.isoformat(),
        "end": mission.end_date.isoformat(),
    }


def _sync_staffing(mission: Mission) -> None:
    """Staff or reopen a mission whose number of places no longer matches its state."""
    for name in ("staff", "reopen"):
        if MISSION_MACHINE.can(mission, name, None):
            MISSION_MACHINE.apply(
                mission,
                name,
                actor=None,
                comment=_("The number of experts needed changed to %(count)s.")
                % {"count": mission.experts_needed},
            )


def mission_transition(*, mission: Mission, name: str, actor, comment: str = "") -> Mission:
    """Take a transition that staff choose (start recruiting, start, complete, close, cancel)."""
    return MISSION_MACHINE.apply(mission, name, actor=actor, comment=comment)


# --- Invitations -------------------------------------------------------------------------------


def invitations_send(
    *,
    mission: Mission,
    entries: Iterable[ShortlistEntry],
    deadline: datetime.datetime,
    role: str = ExpertRole.EXPERT,
    actor,
) -> list[Invitation]:
    """Invite shortlisted experts, all or none: a refusal for one expert sends no invitation.

    Each invitation keeps the expert's score and its explanation at the time of invitation.
    """
    now = timezone.now()
    invited = []
    with transaction.atomic():
        _lock_mission(mission.pk)
        for entry in entries:
            invitation, created = Invitation.objects.get_or_create(
                mission=mission,
                expert=entry.expert,
                defaults={"score": entry.total_score, "score_explanation": entry.explanation},
            )
            if not created and invitation.status != InvitationStatus.SHORTLISTED:
                raise TransitionNotAllowed(
                    _("%(expert)s has already been invited to this mission (%(status)s).")
                    % {
                        "expert": entry.expert.user.full_name,
                        "status": invitation.get_status_display(),
                    }
                )
            invited.append(
                INVITATION_MACHINE.apply(
                    invitation,
                    "invite",
                    actor=actor,
                    changes={
                        "deadline": deadline,
                        "role": role,
                        "invited_by": actor,
                        "invited_at": now,
                        "token_nonce": secrets.token_hex(16),
                    },
                )
            )
    return invited


def invitation_accept(*, invitation: Invitation, actor) -> Invitation:
    """Accept an invitation for the expert, and staff the mission if this was the last place.

    The mission row is locked before the accepted experts are counted, so of two experts taking
    the last place at the same moment one succeeds and the other is told the mission is full.
    """
    with transaction.atomic():
        mission = _lock_mission(invitation.mission_id)
        # The expert too: the same expert accepting two overlapping missions at once.
        Expert.objects.select_for_update().get(pk=invitation.expert_id)
        _refuse_if_closed_meanwhile(invitation, mission)
        accepted = INVITATION_MACHINE.apply(
            invitation,
            "accept",
            actor=actor,
            changes={"responded_at": timezone.now(), "token_nonce": ""},
        )
        if MISSION_MACHINE.can(mission, "staff", None):
            MISSION_MACHINE.apply(
                mission,
                "staff",
                actor=None,
                comment=_("%(expert)s took the last place.")
                % {"expert": accepted.expert.user.full_name},
            )
    return accepted


def _refuse_if_closed_meanwhile(invitation: Invitation, mission: Mission) -> None:
    """An invitation withdrawn because the mission filled up or was cancelled: say so, rather
    than that a withdrawn invitation cannot be accepted."""
    status = Invitation.objects.values_list("status", flat=True).get(pk=invitation.pk)
    reason = mission_closed_reason(mission)
    if status == InvitationStatus.WITHDRAWN and reason:
        raise TransitionNotAllowed(reason)


def invitation_decline(*, invitation: Invitation, actor, reason: str = "") -> Invitation:
    with transaction.atomic():
        _lock_mission(invitation.mission_id)
        return INVITATION_MACHINE.apply(
            invitation,
            "decline",
            actor=actor,
            comment=reason,
            changes={
                "responded_at": timezone.now(),
                "response_reason": reason,
                "token_nonce": "",
            },
        )


def invitation_withdraw(*, invitation: Invitation, actor, message: str = "") -> Invitation:
    """Staff withdraw a pending invitation, or release an expert who had accepted (the mission
    then recruits again). ``message`` goes to the expert."""
    name = "release" if invitation.status == InvitationStatus.ACCEPTED else "withdraw"
    comment = message or _(
        "The programme has withdrawn your invitation to %(mission)s. Thank you for your "
        "availability."
    ) % {"mission": invitation.mission.title}
    with transaction.atomic():
        _lock_mission(invitation.mission_id)
        return INVITATION_MACHINE.apply(
            invitation, name, actor=actor, comment=comment, changes={"token_nonce": ""}
        )


def invitations_expire() -> int:
    """Expire the invitations whose deadline has passed without an answer. Safe to run again:
    an invitation answered meanwhile is left alone. Returns how many expired."""
    expired = 0
    overdue = Invitation.objects.pending().filter(deadline__lt=timezone.now()).order_by("pk")
    for invitation in overdue:
        try:
            with transaction.atomic():
                _lock_mission(invitation.mission_id)
                INVITATION_MACHINE.apply(
                    invitation, "expire", actor=None, changes={"token_nonce": ""}
                )
        except TransitionNotAllowed:
            continue
        expired += 1
    return expired


# --- Reports -----------------------------------------------------------------------------------


def report_for(*, mission: Mission, expert: Expert) -> MissionReport:
    """The expert's report on the mission (a new, unsaved draft if they have not started it)."""
    return MissionReport.objects.filter(mission=mission, expert=expert).first() or MissionReport(
        mission=mission, expert=expert
    )


def report_save(
    *,
    mission: Mission,
    expert: Expert,
    actor,
    sections: dict[str, str],
    attachments: Iterable[CheckedUpload] = (),
) -> MissionReport:
    """Save the expert's report sections and new attachments (a draft, or a returned report)."""
    with transaction.atomic():
        report = report_for(mission=mission, expert=expert)
        if report.pk:
            report = MissionReport.objects.select_for_update().get(pk=report.pk)
        if not can_write_report(actor, report):
            raise TransitionNotAllowed(_("This report can no longer be changed."))
        for name, value in sections.items():
            setattr(report, name, value)
        report.save()
        for upload in attachments:
            ReportAttachment(report=report).store(upload, save=True)
    return report


def report_submit(*, report: MissionReport, actor) -> MissionReport:
    return REPORT_MACHINE.apply(
        report, "submit", actor=actor, changes={"submitted_at": timezone.now()}
    )


def report_review(*, report: MissionReport, actor, accept: bool, comment: str) -> MissionReport:
    """Accept a submitted report, or return it to the expert with comments (required)."""
    if not accept and not comment.strip():
        raise TransitionNotAllowed(_("Say what the expert should change before returning it."))
    with transaction.atomic():
        _lock_mission(report.mission_id)
        return REPORT_MACHINE.apply(
            report,
            "accept" if accept else "return",
            actor=actor,
            comment=comment,
            changes={
                "staff_comment": comment,
                "reviewed_by": actor,
                "reviewed_at": timezone.now(),
            },
        )


def report_attachment_delete(*, attachment: ReportAttachment, actor) -> None:
    report = attachment.report
    if not can_write_report(actor, report):
        raise TransitionNotAllowed(_("This report can no longer be changed."))
    attachment.file.delete(save=False)
    attachment.delete()


# --- Feedback ----------------------------------------------------------------------------------


def feedback_save(
    *, mission: Mission, institution: Institution, actor, ratings: dict[str, int], comments: str
) -> tuple[Feedback, bool]:
    """Record the institution's feedback on the mission; a second submission edits the first.
    Returns the feedback and whether it is new."""
    if (
        not can_give_feedback(actor, mission)
        or not mission.action.institutions.filter(pk=institution.pk).exists()
    ):
        raise TransitionNotAllowed(_("Feedback on this mission is not open to you."))
    with transaction.atomic():
        feedback, created = Feedback.objects.update_or_create(
            mission=mission,
            institution=institution,
            defaults={**ratings, "comments": comments, "submitted_by": actor},
        )
        audit_record_create(
            target=mission,
            actor=actor,
            action="feedback" if created else "feedback_edit",
            comment=str(institution),
            data={**ratings},
        )
    return feedback, created


# --- Actions -----------------------------------------------------------------------------------


def action_missions_open_reason(action: Action) -> str | None:
    """The completion check the action state machine runs: every mission closed or cancelled."""
    open_missions = action_open_missions(action)
    if not open_missions:
        return None
    return _("These missions are not closed yet: %(missions)s.") % {
        "missions": ", ".join(f"{m.reference} ({m.get_status_display()})" for m in open_missions)
    }
