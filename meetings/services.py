"""Writes of decision meetings: the criteria, meetings, their agenda, scores and proposed
decisions, and closing, which applies every proposed decision through the request state machine.

Every write to a meeting locks the meeting row first and refuses once the meeting is closed; the
request rows are locked after it, by ``cooperation.services_staff.request_triage``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record_create
from audit.statemachine import TransitionNotAllowed
from cooperation.models import RejectionReason, Request, RequestStatus
from cooperation.services_staff import request_triage
from cooperation.transitions import REQUEST_MACHINE

from .models import (
    SCORE_MAX,
    SCORE_MIN,
    AgendaItem,
    DecisionCriterion,
    Meeting,
    MeetingStatus,
    Outcome,
    Score,
)
from .transitions import MEETING_MACHINE, proposable_decisions

CRITERION_FIELDS = ("name", "guidance", "order", "is_active")


# --- Criteria ------------------------------------------------------------------------------------


def criterion_create(
    *, actor: User, name: str, guidance: str = "", order: int = 0, is_active: bool = True
) -> DecisionCriterion:
    with transaction.atomic():
        criterion = DecisionCriterion.objects.create(
            name=name.strip(), guidance=guidance.strip(), order=order, is_active=is_active
        )
        audit_record_create(
            target=criterion, actor=actor, action="criterion_created", comment=criterion.name
        )
    return criterion


def criterion_update(
    *, criterion: DecisionCriterion, actor: User, **fields: object
) -> DecisionCriterion:
    """Save the fields among ``CRITERION_FIELDS`` that changed, with an audit record."""
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(criterion, name) != value]
    if not changed:
        return criterion
    with transaction.atomic():
        for name in changed:
            setattr(criterion, name, fields[name])
        criterion.save(update_fields=[*changed, "updated_at"])
        audit_record_create(
            target=criterion,
            actor=actor,
            action="criterion_updated",
            comment=criterion.name,
            data={"fields": changed},
        )
    return criterion


# --- Meetings and their agenda -------------------------------------------------------------------


def meeting_create(*, actor: User, title: str, meeting_date: date) -> Meeting:
    if meeting_date < timezone.localdate():
        raise TransitionNotAllowed(_("A new meeting cannot take place in the past."))
    with transaction.atomic():
        meeting = Meeting.objects.create(title=title.strip(), date=meeting_date, created_by=actor)
        audit_record_create(
            target=meeting,
            actor=actor,
            action="create",
            to_state=meeting.status,
            comment=str(meeting),
        )
    return meeting


def meeting_update(*, meeting: Meeting, actor: User, title: str, meeting_date: date) -> Meeting:
    """Change a planned meeting's title or date: a new date cannot be in the past (as when it
    was planned; an unchanged date stays). Audited with the fields that changed; a closed
    meeting refuses."""
    title = title.strip()
    if not title:
        raise TransitionNotAllowed(_("Give the meeting a title."))
    with transaction.atomic():
        locked = _lock_open(meeting)
        if meeting_date != locked.date and meeting_date < timezone.localdate():
            raise TransitionNotAllowed(_("A meeting cannot be moved to a date in the past."))
        changes = {"title": title, "date": meeting_date}
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        before = {name: str(getattr(locked, name)) for name in changed}
        for name in changed:
            setattr(locked, name, changes[name])
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record_create(
            target=locked,
            actor=actor,
            action="edit",
            comment=str(locked),
            data={"fields": changed, "before": before},
        )
    return locked


def _lock_open(meeting: Meeting) -> Meeting:
    """The meeting, locked; refused once it is closed."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise TransitionNotAllowed(
            _("This meeting is closed: its agenda and decisions can no longer change.")
        )
    return locked


def agenda_add(*, meeting: Meeting, requests: Iterable[Request], actor: User) -> list[AgendaItem]:
    """Put ``requests`` on the agenda, recording the status each has now; all or none."""
    requests = list(requests)
    with transaction.atomic():
        locked = _lock_open(meeting)
        on_agenda = set(locked.items.values_list("request_id", flat=True))
        # After the last: counting the items would repeat a position once one was taken off.
        position = locked.items.aggregate(last=Max("position"))["last"] or 0
        items = []
        for request in requests:
            if request.pk in on_agenda:
                raise TransitionNotAllowed(
                    _("%(reference)s is already on this meeting's agenda.")
                    % {"reference": request.reference}
                )
            if request.status not in RequestStatus.open_states():
                raise TransitionNotAllowed(
                    _("%(reference)s is “%(status)s”: only open requests go on an agenda.")
                    % {"reference": request.reference, "status": request.get_status_display()}
                )
            on_agenda.add(request.pk)
            position += 1
            items.append(
                AgendaItem(
                    meeting=locked,
                    request=request,
                    position=position,
                    status_seen=request.status,
                    added_by=actor,
                )
            )
        return AgendaItem.objects.bulk_create(items)


def agenda_remove(*, item: AgendaItem, actor: User) -> None:
    with transaction.atomic():
        _lock_open(item.meeting)
        item.delete()


@dataclass(frozen=True)
class ScoreInput:
    criterion: DecisionCriterion
    value: int | None
    comment: str = ""


def item_assess(
    *,
    item: AgendaItem,
    actor: User,
    scores: Iterable[ScoreInput],
    decision: str = "",
    reason: str = "",
    note: str = "",
) -> AgendaItem:
    """Record the scores against the active criteria and the decision proposed for ``item``.

    A score left empty removes the earlier one; ``decision`` must be a staff transition possible
    from the status the request had when it was put on the agenda (empty: none yet).
    """
    note = note.strip()
    with transaction.atomic():
        _lock_open(item.meeting)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if decision and decision not in {t.name for t in proposable_decisions(item.status_seen)}:
            raise TransitionNotAllowed(
                _("“%(decision)s” is not possible for a request that is “%(status)s”.")
                % {
                    "decision": decision,
                    "status": REQUEST_MACHINE.state_label(item.status_seen),
                }
            )
        if decision == "reject" and reason not in RejectionReason.values:
            raise TransitionNotAllowed(_("Choose the reason for the rejection."))
        if decision == "reject" and reason == RejectionReason.OTHER and not note:
            raise TransitionNotAllowed(_("Explain the other reason to the partner."))
        if decision == "request_info" and not note:
            raise TransitionNotAllowed(_("Write the questions for the partner in the note."))
        for score in scores:
            if not score.criterion.is_active:
                raise TransitionNotAllowed(
                    _("“%(criterion)s” is no longer used.") % {"criterion": score.criterion}
                )
            if score.value is None:
                Score.objects.filter(item=item, criterion=score.criterion).delete()
                continue
            if not SCORE_MIN <= score.value <= SCORE_MAX:
                raise TransitionNotAllowed(
                    _("A score is between %(min)d and %(max)d.")
                    % {"min": SCORE_MIN, "max": SCORE_MAX}
                )
            Score.objects.update_or_create(
                item=item,
                criterion=score.criterion,
                defaults={"value": score.value, "comment": score.comment.strip()},
            )
        item.proposed_decision = decision
        item.rejection_reason = reason if decision == "reject" else ""
        item.note = note
        item.save(update_fields=["proposed_decision", "rejection_reason", "note", "updated_at"])
    return item


# --- Closing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingSummary:
    meeting: Meeting
    applied: int
    skipped: int


def _skip_reason(item: AgendaItem) -> str | None:
    """Why the item's decision cannot be applied before even trying, or None."""
    if not item.proposed_decision:
        return _("No decision was proposed.")
    current = item.request.status
    if current != item.status_seen:
        return _(
            "The status changed since the request was put on the agenda: it was “%(seen)s”, "
            "it is now “%(now)s”."
        ) % {
            "seen": REQUEST_MACHINE.state_label(item.status_seen),
            "now": REQUEST_MACHINE.state_label(current),
        }
    return None


def meeting_close(*, meeting: Meeting, actor: User) -> ClosingSummary:
    """Apply every proposed decision through the request state machine, then close the meeting.

    Each decision goes through ``request_triage`` (its audit record, its notification) in a
    savepoint of its own: a request whose status changed since it was put on the agenda, or whose
    transition is refused, is skipped with the reason and the others are applied. The meeting
    closes once: its row is locked first, and a second attempt finds it closed.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING_MACHINE.check(locked, "close", actor)
        applied = skipped = 0
        items = locked.items.select_related("request").order_by("position", "pk")
        for item in items:
            reason = _skip_reason(item)
            if reason is None:
                try:
                    updated = request_triage(
                        request=item.request,
                        transition=item.proposed_decision,
                        actor=actor,
                        comment=item.note,
                        reason=item.rejection_reason,
                        seen_status=item.status_seen,
                    )
                except TransitionNotAllowed as refusal:
                    reason = refusal.message
            if reason is None:
                item.outcome, item.outcome_reason = Outcome.APPLIED, ""
                item.applied_status = updated.status
                applied += 1
            else:
                item.outcome, item.outcome_reason = Outcome.SKIPPED, reason
                item.applied_status = ""
                skipped += 1
            item.save(update_fields=["outcome", "outcome_reason", "applied_status", "updated_at"])
        closed = MEETING_MACHINE.apply(
            locked,
            "close",
            actor=actor,
            comment=_("%(applied)d decision(s) applied, %(skipped)d skipped.")
            % {"applied": applied, "skipped": skipped},
            changes={"closed_at": timezone.now(), "closed_by": actor},
            data={"applied": applied, "skipped": skipped},
        )
    return ClosingSummary(meeting=closed, applied=applied, skipped=skipped)
