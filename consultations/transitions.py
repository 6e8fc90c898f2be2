"""The consultation and answer state machines: every status change of either goes through here.

Consultation: open → closed (by the portal once the deadline has passed, or by staff before it
with "close now", in both cases after recording the silence of those who did not answer); open |
closed → overridden (a manager, with a reason, when a stakeholder objects).

Answer of one stakeholder: pending → no objection | objection | comment, and from any of these to
another (the new answer replaces the current one; ``Answer`` rows keep them all) until the
deadline; pending → silent (no objection) by the portal after the deadline, or when staff close
the consultation early.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditRecord
from audit.services import audit_record_build, audit_record_create
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed

from .models import Addressee, Answer, AnswerStatus, Consultation, ConsultationStatus
from .notices import notice_answered
from .rules import can_close_consultation, can_override_objection, is_system

A = AnswerStatus
C = ConsultationStatus

ANSWERED = (A.NO_OBJECTION, A.OBJECTION, A.COMMENT)
# The transition a stakeholder's answer takes.
ANSWER_TRANSITIONS = {
    A.NO_OBJECTION: "answer_no_objection",
    A.OBJECTION: "answer_objection",
    A.COMMENT: "answer_comment",
}


def deadline_passed(consultation: Consultation) -> bool:
    return timezone.localdate() > consultation.deadline


def consultation_takes_answers(consultation: Consultation) -> bool:
    """Open and its deadline not passed: answers are taken and its e-mails are sent."""
    return consultation.status == C.OPEN and not deadline_passed(consultation)


def _guard_open(addressee: Addressee, actor) -> None:
    if not consultation_takes_answers(addressee.consultation):
        raise TransitionNotAllowed(_("This consultation is closed: answers are no longer taken."))


def _guard_lapse(addressee: Addressee, actor) -> None:
    if not deadline_passed(addressee.consultation):
        raise TransitionNotAllowed(_("The deadline to answer has not passed yet."))


def _guard_consultation_open(addressee: Addressee, actor) -> None:
    if addressee.consultation.status != C.OPEN:
        raise TransitionNotAllowed(_("This consultation is closed already."))


def _timeline_record(addressee: Addressee) -> dict:
    """The fields of the record an answer (or silence) leaves on the request's timeline."""
    summary = _("%(organisation)s: %(answer)s") % {
        "organisation": addressee.organisation,
        "answer": addressee.get_status_display(),
    }
    return {
        "actor": None,
        "action": "consultation_silence" if addressee.status == A.SILENT else "consultation_answer",
        "comment": f"{summary}\n{addressee.text}".strip(),
        "data": {"consultation": addressee.consultation_id, "addressee": addressee.pk},
    }


def _effect_recorded(addressee: Addressee, actor, comment: str) -> None:
    """Keep the answer in the history and put it on the request's timeline."""
    answer = Answer.objects.create(
        addressee=addressee, status=addressee.status, text=addressee.text
    )
    audit_record_create(target=addressee.consultation.request, **_timeline_record(addressee))
    if addressee.status != A.SILENT:
        notice_answered(addressee, answer)


def _answer(status: str, label) -> Transition:
    return Transition(
        ANSWER_TRANSITIONS[status],
        label,
        (A.PENDING, *ANSWERED),
        status,
        allowed=is_system,
        guard=_guard_open,
        effects=(_effect_recorded,),
    )


ANSWER_MACHINE = StateMachine(
    model=Addressee,
    transitions=[
        _answer(A.NO_OBJECTION, gettext_lazy("Answer: no objection")),
        _answer(A.OBJECTION, gettext_lazy("Answer: objection")),
        _answer(A.COMMENT, gettext_lazy("Answer: comment")),
        Transition(
            "lapse",
            gettext_lazy("Record silence as no objection"),
            (A.PENDING,),
            A.SILENT,
            allowed=is_system,
            guard=_guard_lapse,
            effects=(_effect_recorded,),
        ),
        Transition(
            "lapse_closed",
            gettext_lazy("Record silence as no objection (closed early)"),
            (A.PENDING,),
            A.SILENT,
            allowed=is_system,
            guard=_guard_consultation_open,
            effects=(_effect_recorded,),
        ),
    ],
)


def silence_record(consultation: Consultation, *, transition: str, comment: str) -> int:
    """Record as no objection the silence of every stakeholder of ``consultation`` still
    pending, through ``transition`` (``lapse`` or ``lapse_closed``); return how many.

    The same records as ``ANSWER_MACHINE.apply`` once per stakeholder (the status, an ``Answer``,
    the transition's audit record, the timeline record on the request), written together so that
    closing costs the same few queries whatever the number of stakeholders. Call it inside the
    transaction that closes the consultation, with the consultation locked.
    """
    silent = []
    for addressee in (
        consultation.addressees.select_for_update().filter(status=A.PENDING).order_by("pk")
    ):
        addressee.consultation = consultation  # what the guards read, without a query each
        try:
            ANSWER_MACHINE.check(addressee, transition)
        except TransitionNotAllowed:
            continue
        addressee.status = A.SILENT
        silent.append(addressee)
    if not silent:
        return 0
    Addressee.objects.filter(pk__in=[a.pk for a in silent]).update(
        status=A.SILENT, updated_at=timezone.now()
    )
    Answer.objects.bulk_create(Answer(addressee=a, status=a.status, text=a.text) for a in silent)
    records = []
    for addressee in silent:
        records.append(
            audit_record_build(
                target=addressee,
                actor=None,
                action=transition,
                from_state=A.PENDING,
                to_state=A.SILENT,
                comment=comment,
            )
        )
        records.append(
            audit_record_build(target=consultation.request, **_timeline_record(addressee))
        )
    AuditRecord.objects.bulk_create(records)
    return len(silent)


def consultation_objections(consultation: Consultation) -> list[Addressee]:
    return list(consultation.addressees.filter(status=A.OBJECTION))


def _guard_silence_recorded(consultation: Consultation, actor) -> None:
    if consultation.addressees.filter(status=A.PENDING).exists():
        raise TransitionNotAllowed(_("Some stakeholders' silence is not recorded yet."))


def _guard_close(consultation: Consultation, actor) -> None:
    if not deadline_passed(consultation):
        raise TransitionNotAllowed(_("The deadline to answer has not passed yet."))
    _guard_silence_recorded(consultation, actor)


def _guard_override(consultation: Consultation, actor) -> None:
    if not consultation_objections(consultation):
        raise TransitionNotAllowed(_("No stakeholder objects: there is nothing to override."))


def _on_request_timeline(action: str):
    """An effect that puts the consultation's transition on its request's timeline."""

    def effect(consultation: Consultation, actor, comment: str) -> None:
        audit_record_create(
            target=consultation.request,
            actor=actor,
            action=action,
            comment=comment,
            data={"consultation": consultation.pk},
        )

    return effect


CONSULTATION_MACHINE = StateMachine(
    model=Consultation,
    transitions=[
        Transition(
            "close",
            gettext_lazy("Close the consultation"),
            (C.OPEN,),
            C.CLOSED,
            allowed=is_system,
            guard=_guard_close,
        ),
        Transition(
            "close_now",
            gettext_lazy("Close the consultation now"),
            (C.OPEN,),
            C.CLOSED,
            allowed=can_close_consultation,
            guard=_guard_silence_recorded,
            effects=(_on_request_timeline("consultation_closed"),),
        ),
        Transition(
            "override",
            gettext_lazy("Override the objection"),
            (C.OPEN, C.CLOSED),
            C.OVERRIDDEN,
            allowed=can_override_objection,
            guard=_guard_override,
            effects=(_on_request_timeline("consultation_overridden"),),
        ),
    ],
)
