"""Sending the consultation e-mails, once each, retried after transient failures.

The same three steps as the notification e-mails, with their functions
(``notifications/delivery.py``): claim the addressee row, send through Django's e-mail API with a
Message-ID derived from the addressee, record the outcome (sent; pending again with the next
attempt after ``NOTIFICATIONS_RETRY_DELAYS``; failed for good after the last one).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.delivery import email_claim, email_failure_record, email_rows_due_again
from notifications.emails import absolute_url, message_id

from .models import Addressee, EmailStatus
from .tokens import addressee_token


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
    try:
        consultation_email(addressee).send()
    except Exception as error:
        return email_failure_record(
            rows, attempts=addressee.email_attempts, error=error, retry_status=EmailStatus.PENDING
        )
    rows.update(email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_last_error="")
    return None


def addressees_due_again() -> list[int]:
    """The consultation e-mails to queue again (``email_rows_due_again``)."""
    return email_rows_due_again(Addressee)
