"""Writes of the consultations domain: contacts, sending, answering, silence, override."""

import secrets
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_record_create
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Request, RequestStatus

from .delivery import consultation_emails_stop
from .models import (
    Addressee,
    AnswerStatus,
    Consultation,
    ConsultationStatus,
    EmailStatus,
    StakeholderContact,
)
from .transitions import (
    ANSWER_MACHINE,
    ANSWER_TRANSITIONS,
    CONSULTATION_MACHINE,
    consultation_takes_answers,
    silence_record,
)
from .workdays import add_working_days

# A consultation is asked while the request waits for a decision.
CONSULTABLE_STATES = (
    RequestStatus.SUBMITTED,
    RequestStatus.IN_REVIEW,
    RequestStatus.INFO_REQUESTED,
    RequestStatus.ON_HOLD,
)
MAX_WORKING_DAYS = 60

CONTACT_FIELDS = ("country", "kind", "organisation", "name", "email", "is_active")


# --- Contacts ----------------------------------------------------------------------------------


def contact_save(*, contact: StakeholderContact | None, actor, fields: dict) -> StakeholderContact:
    """Create (``contact`` None) or change a stakeholder contact; audited."""
    with transaction.atomic():
        created = contact is None
        contact = contact or StakeholderContact()
        for name in CONTACT_FIELDS:
            if name in fields:
                setattr(contact, name, fields[name])
        contact.save()
        audit_record_create(
            target=contact,
            actor=actor,
            action="create" if created else "edit",
            data={"organisation": contact.organisation, "email": contact.email},
        )
    return contact


def contact_deactivate(*, contact: StakeholderContact, actor) -> StakeholderContact:
    """Stop offering the contact for new consultations (earlier ones keep their snapshot)."""
    with transaction.atomic():
        contact = StakeholderContact.objects.select_for_update().get(pk=contact.pk)
        if contact.is_active:
            contact.is_active = False
            contact.save(update_fields=["is_active", "updated_at"])
            audit_record_create(target=contact, actor=actor, action="deactivate")
    return contact


# --- Sending -----------------------------------------------------------------------------------


def consultation_send(
    *,
    request: Request,
    actor,
    contacts: Sequence[StakeholderContact],
    working_days: int,
    message: str = "",
) -> Consultation:
    """Ask ``contacts`` whether they object to ``request``, answering within ``working_days``.

    Raises ``TransitionNotAllowed`` when the request is decided, a consultation is already
    open, no stakeholder is chosen, or a contact is not an active one of the request's country.
    """
    if not isinstance(working_days, int) or not 1 <= working_days <= MAX_WORKING_DAYS:
        raise TransitionNotAllowed(
            _("The deadline must be between 1 and %(max)d working days.")
            % {"max": MAX_WORKING_DAYS}
        )
    if not contacts:
        raise TransitionNotAllowed(_("Choose at least one stakeholder to consult."))
    with transaction.atomic():
        request = (
            Request.objects.select_for_update(of=("self",))
            .select_related("lead_institution__country")
            .get(pk=request.pk)
        )
        if request.status not in CONSULTABLE_STATES:
            raise TransitionNotAllowed(
                _("A consultation cannot be sent while the request is “%(status)s”.")
                % {"status": request.get_status_display()}
            )
        if request.consultations.filter(status=ConsultationStatus.OPEN).exists():
            raise TransitionNotAllowed(
                _("A consultation on this request is already waiting for answers.")
            )
        country_id = request.lead_institution.country_id
        ids = {contact.pk for contact in contacts}
        chosen = list(
            StakeholderContact.objects.filter(pk__in=ids, country_id=country_id, is_active=True)
        )
        if len(chosen) != len(ids):
            raise TransitionNotAllowed(
                _("Choose among the active stakeholder contacts of the request's country.")
            )
        consultation = Consultation.objects.create(
            request=request,
            working_days=working_days,
            deadline=add_working_days(timezone.localdate(), working_days),
            message=message,
            sent_by=actor,
        )
        now = timezone.now()
        addressees = Addressee.objects.bulk_create(
            Addressee(
                consultation=consultation,
                contact=contact,
                kind=contact.kind,
                organisation=contact.organisation,
                name=contact.name,
                email=contact.email,
                token_nonce=secrets.token_urlsafe(16),
                email_next_attempt_at=now,
            )
            for contact in chosen
        )
        audit_record_create(
            target=request,
            actor=actor,
            action="consultation_sent",
            comment=ngettext(
                "Sent to %(names)s; answer by %(date)s (%(days)d working day).",
                "Sent to %(names)s; answer by %(date)s (%(days)d working days).",
                working_days,
            )
            % {
                "names": ", ".join(contact.organisation for contact in chosen),
                "date": formats.date_format(consultation.deadline),
                "days": working_days,
            },
            data={"consultation": consultation.pk},
        )
        from .tasks import emails_queue  # tasks.py imports this module

        transaction.on_commit(
            partial(emails_queue, addressee_ids=[addressee.pk for addressee in addressees])
        )
    return consultation


# --- Answers -----------------------------------------------------------------------------------


def addressee_answer(*, addressee: Addressee, status: str, text: str = "") -> Addressee:
    """Record a stakeholder's answer; a later one replaces it (both stay in the history).

    The same answer with the same text again (a double submission) changes nothing.
    """
    text = text.strip()
    if status not in ANSWER_TRANSITIONS:
        raise TransitionNotAllowed(_("Please choose an answer."))
    if status == AnswerStatus.OBJECTION and not text:
        raise TransitionNotAllowed(_("Please give the reason for the objection."))
    if status == AnswerStatus.COMMENT and not text:
        raise TransitionNotAllowed(_("Please write your comment."))
    with transaction.atomic():
        current = Addressee.objects.select_for_update().get(pk=addressee.pk)
        if current.status == status and current.text == text:
            return current
        return ANSWER_MACHINE.apply(
            current,
            ANSWER_TRANSITIONS[status],
            actor=None,
            comment=text,
            changes={"text": text, "answered_at": timezone.now()},
        )


def consultations_close_due() -> int:
    """Record silence as no objection past the deadline, and close those consultations.

    Idempotent: a consultation already closed is not found again. Returns how many closed.
    """
    today = timezone.localdate()
    closed = 0
    due = Consultation.objects.filter(status=ConsultationStatus.OPEN, deadline__lt=today)
    for consultation_id in due.order_by("deadline", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().filter(pk=consultation_id).first()
            if locked is None or locked.status != ConsultationStatus.OPEN:
                continue  # another run closed it
            silence_record(
                locked,
                transition="lapse",
                comment=_("No answer by the deadline: counts as no objection."),
            )
            try:
                CONSULTATION_MACHINE.apply(locked, "close", actor=None)
            except TransitionNotAllowed:
                continue
            consultation_emails_stop(consultation=locked)
            closed += 1
    return closed


def _silence_record(consultation: Consultation) -> None:
    """Record as no objection the silence of the stakeholders who have not answered a
    consultation that ends before its deadline (closed now, or overridden)."""
    silence_record(
        consultation,
        transition="lapse_closed",
        comment=_("No answer when the consultation was closed: counts as no objection."),
    )


def consultation_close_now(*, consultation: Consultation, actor) -> Consultation:
    """Staff close an open consultation before its deadline: the silence of those who did not
    answer is recorded as no objection, as at the deadline; audited on the request. A second
    click is refused by the state machine ("not possible while the status is Closed")."""
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        _silence_record(locked)
        closed = CONSULTATION_MACHINE.apply(
            locked,
            "close_now",
            actor=actor,
            comment=_("Closed before the deadline (%(date)s) by %(name)s.")
            % {"date": formats.date_format(locked.deadline), "name": actor},
        )
        consultation_emails_stop(consultation=closed)
    return closed


# E-mails staff may send again: failed for good, or sent to a stakeholder who has not answered.
RESENDABLE_EMAILS = (EmailStatus.FAILED, EmailStatus.SENT)


def addressee_resend_refusal(addressee: Addressee) -> str | None:
    """Why the stakeholder's e-mail cannot be sent again now, or None."""
    if not consultation_takes_answers(addressee.consultation):
        return _("This consultation is closed: its e-mails are no longer sent.")
    if addressee.email_status not in RESENDABLE_EMAILS:
        return _("The e-mail to %(organisation)s is being sent already.") % {
            "organisation": addressee.organisation
        }
    if addressee.email_status == EmailStatus.SENT and addressee.status != AnswerStatus.PENDING:
        return _("%(organisation)s has answered already.") % {
            "organisation": addressee.organisation
        }
    return None


def addressee_email_resend(*, addressee: Addressee, actor) -> Addressee:
    """Send a stakeholder's consultation e-mail again (it failed, or they have not answered),
    with the same link; audited on the request. A double click finds it queued and is refused."""
    with transaction.atomic():
        locked = (
            Addressee.objects.select_for_update(of=("self",))
            .select_related("consultation")
            .get(pk=addressee.pk)
        )
        refusal = addressee_resend_refusal(locked)
        if refusal:
            raise TransitionNotAllowed(refusal)
        previous = locked.get_email_status_display()
        locked.email_status = EmailStatus.PENDING
        locked.email_attempts = 0
        locked.email_last_error = ""
        locked.email_next_attempt_at = timezone.now()
        locked.email_resends += 1
        locked.save(
            update_fields=[
                "email_status",
                "email_attempts",
                "email_last_error",
                "email_next_attempt_at",
                "email_resends",
                "updated_at",
            ]
        )
        audit_record_create(
            target=locked.consultation.request,
            actor=actor,
            action="consultation_resent",
            comment=_("E-mail sent again to %(organisation)s (%(email)s; it was: %(status)s).")
            % {"organisation": locked.organisation, "email": locked.email, "status": previous},
            data={"consultation": locked.consultation_id, "addressee": locked.pk},
        )
        from .tasks import emails_queue  # tasks.py imports this module

        transaction.on_commit(partial(emails_queue, addressee_ids=[locked.pk]))
    return locked


def consultation_override(*, consultation: Consultation, actor, reason: str) -> Consultation:
    """A manager lets the request be accepted despite an objection; the reason is audited."""
    reason = reason.strip()
    if not reason:
        raise TransitionNotAllowed(_("Please give the reason for overriding the objection."))
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        # An override ends an open consultation: those who have not answered are not left
        # waiting with a link that no longer works.
        _silence_record(locked)
        overridden = CONSULTATION_MACHINE.apply(
            locked,
            "override",
            actor=actor,
            comment=reason,
            changes={
                "override_reason": reason,
                "overridden_by": actor,
                "overridden_at": timezone.now(),
            },
        )
        consultation_emails_stop(consultation=overridden)
    return overridden


# --- Acceptance ----------------------------------------------------------------------------------


def request_objection_reason(request: Request) -> str | None:
    """Why the request cannot be accepted yet: a stakeholder objects and no manager overrode it
    (registered in ``cooperation.transitions.ACCEPTANCE_CHECKS``)."""
    objecting = list(
        Addressee.objects.filter(
            consultation__request_id=request.pk,
            consultation__status__in=(ConsultationStatus.OPEN, ConsultationStatus.CLOSED),
            status=AnswerStatus.OBJECTION,
        ).values_list("organisation", flat=True)
    )
    if not objecting:
        return None
    return _(
        "%(stakeholders)s objected in the consultation: a manager must override the objection, "
        "with a reason, before the request can be accepted."
    ) % {"stakeholders": ", ".join(objecting)}
