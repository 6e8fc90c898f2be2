"""Writes of programme staff: triage and decisions, messages and internal notes, the eligibility
checklist, assignment, and actions (creation from an accepted request, plan, status, documents).

Every status change goes through the state machines of ``transitions.py``; what is not a status
change but matters later (assignment, checklist, plan edits, documents) leaves an audit record too.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_create
from audit.statemachine import TransitionNotAllowed
from notifications.services import notify
from partners.models import Institution
from reference.models import ThematicArea
from uploads.validation import CheckedUpload

from .eligibility import RECORDED_ITEMS, EligibilityStatus, eligibility_problems
from .models import (
    Action,
    ActionDocument,
    ActionStatus,
    RejectionReason,
    Request,
    RequestMessage,
    RequestStatus,
)
from .references import reference_next
from .selectors_staff import last_status_change, request_partner_contacts
from .transitions import ACTION_MACHINE, REQUEST_MACHINE, request_transition

# The request transitions staff take (submit, resubmit and withdraw are the partner's).
STAFF_REQUEST_TRANSITIONS = (
    "start_review",
    "request_info",
    "put_on_hold",
    "resume_review",
    "accept",
    "reject",
)

# Fields of an action's plan that staff edit after its creation.
ACTION_PLAN_FIELDS = (
    "title",
    "objectives",
    "expected_results",
    "indicators",
    "planned_activities",
    "budget_expert_days",
    "budget_eur",
    "period_start",
    "period_end",
    "assigned_officer",
)


def _changed_by(record) -> str:
    if record is None:
        return ""
    return _("by %(who)s on %(when)s") % {
        "who": record.actor or _("the system"),
        "when": formats.date_format(timezone.localtime(record.created_at), "DATETIME_FORMAT"),
    }


def _refusal(obj, message: str) -> TransitionNotAllowed:
    """The machine's refusal, with who last changed the status and when (for a lost race)."""
    record = last_status_change(obj)
    if record is None or record.to_state != obj.status:
        return TransitionNotAllowed(message)
    return TransitionNotAllowed(
        _("%(message)s It was changed %(by)s.") % {"message": message, "by": _changed_by(record)}
    )


def _ensure_unchanged(obj, seen_status: str, machine) -> None:
    if seen_status and obj.status != seen_status:
        record = last_status_change(obj)
        raise TransitionNotAllowed(
            _(
                "This changed since you opened it: the status is now “%(status)s” (changed "
                "%(by)s). Nothing was done; please check the page again."
            )
            % {"status": machine.state_label(obj.status), "by": _changed_by(record)}
        )


def _partner_request_url(request: Request) -> str:
    return reverse("cooperation:partner_request_detail", args=[request.pk])


# --- Requests ------------------------------------------------------------------------------------


def request_triage(
    *,
    request: Request,
    transition: str,
    actor: User,
    comment: str = "",
    reason: str = "",
    seen_status: str = "",
) -> Request:
    """Take one of the staff transitions of a request and tell the partner what it means for them.

    ``seen_status`` is the status the officer saw: if someone else changed it meanwhile, nothing
    happens and the message says who and when. ``reason`` is the standard rejection reason;
    asking for information needs the questions in ``comment``.
    """
    if transition not in STAFF_REQUEST_TRANSITIONS:
        raise TransitionNotAllowed(_("Unknown action."))
    comment = comment.strip()
    with transaction.atomic():
        locked = (
            Request.objects.select_for_update()
            .select_related("lead_institution__country", "submitted_by")
            .get(pk=request.pk)
        )
        _ensure_unchanged(locked, seen_status, REQUEST_MACHINE)
        try:
            REQUEST_MACHINE.check(locked, transition, actor)
        except TransitionNotAllowed as error:
            raise _refusal(locked, error.message) from error
        changes: dict[str, Any] = {}
        if transition == "request_info" and not comment:
            raise TransitionNotAllowed(_("Write the questions for the partner."))
        if transition == "reject":
            if reason not in RejectionReason.values:
                raise TransitionNotAllowed(_("Choose the reason for the rejection."))
            if reason == RejectionReason.OTHER and not comment:
                raise TransitionNotAllowed(_("Explain the other reason to the partner."))
            changes["rejection_reason"] = reason
            label = str(RejectionReason(reason).label)
            comment = f"{label}\n\n{comment}" if comment else label
        if transition == "accept":
            problems = eligibility_problems(locked)
            if problems:
                raise TransitionNotAllowed(
                    _("The eligibility checklist does not allow acceptance yet: %(problems)s")
                    % {"problems": " ".join(problems)}
                )
        if transition == "start_review" and locked.assigned_officer_id is None:
            changes["assigned_officer"] = actor
        updated = request_transition(
            locked, transition, actor=actor, comment=comment, changes=changes
        )
        _notify_partner_of_triage(updated, transition)
    return updated


def _notify_partner_of_triage(request: Request, transition: str) -> None:
    if transition == "request_info":
        event = "information_requested"
        title = _("%(reference)s: the programme asks for more information") % {
            "reference": request.reference
        }
    elif transition in ("accept", "reject"):
        event = "request_decided"
        title = _("%(reference)s: your request was %(decision)s") % {
            "reference": request.reference,
            "decision": request.get_status_display().lower(),
        }
    else:
        return
    record = last_status_change(request)
    notify(
        event=event,
        key=f"{event}:{request.pk}:{record.pk}",
        recipients=request_partner_contacts(request),
        title=title,
        body=record.comment,
        url=_partner_request_url(request),
    )


def request_message_post(
    *, request: Request, author: User, body: str, internal: bool
) -> RequestMessage:
    """A message to the partner, or a staff-only internal note when ``internal``."""
    return RequestMessage.objects.create(
        request=request, author=author, body=body.strip(), is_internal=internal
    )


def request_eligibility_record(
    *, request: Request, actor: User, items: dict[str, tuple[str, str]]
) -> Request:
    """Record the officer's checklist: ``items`` maps each recorded item to (status, note)."""
    checklist = {}
    for item in RECORDED_ITEMS:
        status, note = items.get(item, (EligibilityStatus.TO_CHECK, ""))
        if status not in EligibilityStatus.values:
            raise ValueError(f"Unknown eligibility status {status!r}")
        checklist[item.value] = {"status": status, "note": note.strip()}
    with transaction.atomic():
        request.eligibility = checklist
        request.save(update_fields=["eligibility", "updated_at"])
        audit_record_create(
            target=request,
            actor=actor,
            action="eligibility_recorded",
            data={item: entry["status"] for item, entry in checklist.items()},
        )
    return request


def requests_assign(*, request_ids: Iterable[int], officer: User | None, actor: User) -> int:
    """Assign ``officer`` (or nobody) to the requests; return how many changed hands."""
    if officer is not None and not officer.is_programme_staff:
        raise ValueError("Only programme staff can be assigned to requests.")
    officer_id = officer.pk if officer else None
    with transaction.atomic():
        changing = list(
            Request.objects.select_for_update()
            .filter(pk__in=list(request_ids))
            .exclude(status=RequestStatus.DRAFT)
            .exclude(assigned_officer_id=officer_id)
            .only("pk", "assigned_officer_id")
        )
        Request.objects.filter(pk__in=[r.pk for r in changing]).update(
            assigned_officer_id=officer_id, updated_at=timezone.now()
        )
        for request in changing:
            audit_record_create(
                target=request,
                actor=actor,
                action="assigned",
                comment=str(officer) if officer else _("Not assigned"),
                data={"from": request.assigned_officer_id, "to": officer_id},
            )
    return len(changing)


# --- Actions -------------------------------------------------------------------------------------


def action_create_from_request(
    *,
    request: Request,
    actor: User,
    title: str,
    institutions: Iterable[Institution],
    themes: Iterable[ThematicArea],
    objectives: str = "",
    expected_results: str = "",
    indicators: str = "",
    planned_activities: str = "",
    budget_expert_days: int | None = None,
    budget_eur: Decimal | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    assigned_officer: User | None = None,
) -> Action:
    """Turn an accepted request into its action; a request gives at most one action."""
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.action_id is not None:
            existing = Action.objects.only("reference").get(pk=locked.action_id)
            raise TransitionNotAllowed(
                _("An action (%(reference)s) was already created from this request.")
                % {"reference": existing.reference}
            )
        if locked.status != RequestStatus.ACCEPTED:
            raise TransitionNotAllowed(
                _("An action can only be created from an accepted request; this one is “%(s)s”.")
                % {"s": locked.get_status_display()}
            )
        action = Action.objects.create(
            reference=reference_next(prefix="ACT"),
            title=title,
            objectives=objectives,
            expected_results=expected_results,
            indicators=indicators,
            planned_activities=planned_activities,
            budget_expert_days=budget_expert_days,
            budget_eur=budget_eur,
            period_start=period_start,
            period_end=period_end,
            assigned_officer=assigned_officer,
            status=ActionStatus.PLANNED,
            created_by=actor,
        )
        action.institutions.set(institutions)
        action.themes.set(themes)
        locked.action = action
        locked.save(update_fields=["action", "updated_at"])
        audit_record_create(
            target=action,
            actor=actor,
            action="create",
            to_state=ActionStatus.PLANNED,
            comment=_("Created from request %(reference)s.") % {"reference": locked.reference},
        )
        audit_record_create(
            target=locked,
            actor=actor,
            action="action_created",
            comment=f"{action.reference} – {action.title}",
            data={"action": action.pk},
        )
        notify(
            event="action_created",
            key=f"action_created:{action.pk}",
            recipients=request_partner_contacts(locked),
            title=_("%(reference)s: your request became the action %(action)s")
            % {"reference": locked.reference, "action": action.reference},
            url=reverse("cooperation:action_detail", args=[action.pk]),
        )
    return action


def action_update(
    *, action: Action, actor: User, themes: Iterable[ThematicArea], **fields: Any
) -> Action:
    """Save the plan of an action (``fields`` among ``ACTION_PLAN_FIELDS``) with an audit record."""
    unknown = set(fields) - set(ACTION_PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(action, name) != value]
    new_themes = {theme.pk for theme in themes}
    themes_changed = new_themes != set(action.themes.values_list("pk", flat=True))
    with transaction.atomic():
        for name in changed:
            setattr(action, name, fields[name])
        if changed:
            action.save(update_fields=[*changed, "updated_at"])
        if themes_changed:
            action.themes.set(new_themes)
            changed.append("themes")
        if changed:
            audit_record_create(
                target=action,
                actor=actor,
                action="updated",
                comment=", ".join(
                    str(Action._meta.get_field(name).verbose_name) for name in changed
                ),
                data={"fields": changed},
            )
    return action


def action_transition(
    *, action: Action, transition: str, actor: User, comment: str = "", seen_status: str = ""
) -> Action:
    """Move an action through its state machine, refusing when someone changed it meanwhile."""
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        _ensure_unchanged(locked, seen_status, ACTION_MACHINE)
        try:
            return ACTION_MACHINE.apply(locked, transition, actor=actor, comment=comment.strip())
        except TransitionNotAllowed as error:
            raise _refusal(locked, error.message) from error


def action_document_add(
    *, action: Action, actor: User, title: str, upload: CheckedUpload
) -> ActionDocument:
    """Attach an output (``upload`` has passed ``uploads.validation.check_upload``)."""
    with transaction.atomic():
        document = ActionDocument(action=action, title=title.strip(), uploaded_by=actor)
        document.store(upload, save=True)
        audit_record_create(
            target=action, actor=actor, action="document_added", comment=document.title
        )
    return document
