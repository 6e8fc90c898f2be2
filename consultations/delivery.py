"""Sending the consultation e-mails, once each, retried after transient failures.

The same three steps as the notification e-mails, with their functions
(``notifications/delivery.py``): claim the addressee row, send through Django's e-mail API with a
Message-ID derived from the addressee, record the outcome (sent; pending again with the next
attempt after ``NOTIFICATIONS_RETRY_DELAYS``; failed for good after the last one).

Once the consultation no longer takes answers (closed, overridden, or past its deadline), an
e-mail not sent yet (waiting for its first attempt or for a retry) is not sent: its link would
only open the "closed" page. It is marked "Not sent by e-mail" (the status notifications give an
e-mail they will not send) with the reason in ``email_last_error``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.delivery import email_claim, email_failure_record, email_rows_due_again
from notifications.emails import absolute_url, message_id

from .models import Addressee, Consultation, EmailStatus
from .tokens import addressee_token
from .transitions import consultation_takes_answers

logger = logging.getLogger(__name__)

CLOSED_REASON = gettext_lazy("Not sent: the consultation was closed before this e-mail went out.")


def consultation_email(addressee: Addressee) -> EmailMultiAlternatives:
    consultation = addressee.consultation
    request = consultation.request
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "addressee": addressee,
            "consultation": consultation,
            "req": request,
            "deadline": formats.date_format(consultation.deadline),
            "link": absolute_url(
                reverse("consultations:answer", args=[addressee_token(addressee)])
            ),
            "portal_name": settings.PORTAL_NAME,
        }
        subject = _("Consultation on request %(reference)s: please answer by %(date)s") % {
            "reference": request.reference,
            "date": context["deadline"],
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("consultations/email/consultation.txt", context),
            to=[addressee.email],
            headers={
                "Message-ID": message_id(
                    f"consultation:{addressee.pk}"
                    + (f":{addressee.email_resends}" if addressee.email_resends else "")
                ),
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(
            render_to_string("consultations/email/consultation.html", context), "text/html"
        )
    return message


def addressee_email_send(*, addressee_id: int) -> int | None:
    """Send one stakeholder's consultation e-mail, once; return the delay before a retry, if any."""
    addressee = email_claim(
        Addressee.objects.select_related("consultation__request__lead_institution__country").filter(
            pk=addressee_id
        )
    )
    if addressee is None:
        return None
    rows = Addressee.objects.filter(pk=addressee.pk)
    if not consultation_takes_answers(addressee.consultation):
        # Closed while the e-mail waited for a retry (or was being sent when it closed).
        rows.update(email_status=EmailStatus.SKIPPED, email_last_error=str(CLOSED_REASON))
        logger.info("Consultation e-mail of addressee %d not sent: closed.", addressee.pk)
        return None
    try:
        consultation_email(addressee).send()
    except Exception as error:
        return email_failure_record(
            rows, attempts=addressee.email_attempts, error=error, retry_status=EmailStatus.PENDING
        )
    rows.update(email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_last_error="")
    return None


def consultation_emails_stop(*, consultation: Consultation) -> int:
    """Mark the e-mails of ``consultation`` still waiting to be sent (first attempt or a retry)
    as not sent, saying why; return how many. Call it when the consultation closes.

    An e-mail being sent at that moment is left to its task, which finds the consultation closed
    if it has to try again.
    """
    stopped = Addressee.objects.filter(
        consultation_id=consultation.pk, email_status=EmailStatus.PENDING
    ).update(email_status=EmailStatus.SKIPPED, email_last_error=str(CLOSED_REASON))
    if stopped:
        logger.info(
            "Consultation %d closed: %d e-mail(s) waiting to be sent will not be.",
            consultation.pk,
            stopped,
        )
    return stopped


def addressees_due_again() -> list[int]:
    """The consultation e-mails to queue again (``email_rows_due_again``)."""
    return email_rows_due_again(Addressee)
