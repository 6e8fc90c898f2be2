"""Sending the consultation e-mails, once each, retried after transient failures.

The same three steps as the notification e-mails (``notifications/delivery.py``): claim the
addressee row (``SKIP LOCKED``, only while pending, counting the attempt), send through Django's
e-mail API with a Message-ID derived from the addressee, record the outcome (sent; pending again
with the next attempt after ``NOTIFICATIONS_RETRY_DELAYS``; failed for good after the last one).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.emails import absolute_url, message_id

from .models import Addressee, EmailStatus
from .tokens import addressee_token

logger = logging.getLogger(__name__)


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


def _claim(addressee_id: int) -> Addressee | None:
    with transaction.atomic():
        addressee = (
            Addressee.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("consultation__request__lead_institution__country")
            .filter(pk=addressee_id, email_status=EmailStatus.PENDING)
            .first()
        )
        if addressee is None:
            return None
        addressee.email_status = EmailStatus.SENDING
        addressee.email_claimed_at = timezone.now()
        addressee.email_attempts += 1
        addressee.save(update_fields=["email_status", "email_claimed_at", "email_attempts"])
    return addressee


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def addressee_email_send(*, addressee_id: int) -> int | None:
    """Send one stakeholder's consultation e-mail, once; return the delay before a retry, if any."""
    addressee = _claim(addressee_id)
    if addressee is None:
        return None
    rows = Addressee.objects.filter(pk=addressee.pk)
    try:
        consultation_email(addressee).send()
    except Exception as error:
        text = f"{type(error).__name__}: {error}"[:2000]
        delays = settings.NOTIFICATIONS_RETRY_DELAYS
        if _is_permanent(error) or addressee.email_attempts > len(delays):
            rows.update(email_status=EmailStatus.FAILED, email_last_error=text)
            logger.error("Consultation e-mail %d failed for good: %s", addressee.pk, text)
            return None
        delay = delays[addressee.email_attempts - 1]
        rows.update(
            email_status=EmailStatus.PENDING,
            email_last_error=text,
            email_next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning("Consultation e-mail %d failed (%s); next in %ds", addressee.pk, text, delay)
        return delay
    rows.update(email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_last_error="")
    return None


def addressees_due_again() -> list[int]:
    """E-mails no task is taking care of (broker down, worker gone): pending past their next
    attempt, or claimed longer than ``NOTIFICATIONS_CLAIM_TIMEOUT`` ago."""
    now = timezone.now()
    lost = Q(
        email_status=EmailStatus.PENDING,
        email_next_attempt_at__lte=now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER),
    )
    interrupted = Q(
        email_status=EmailStatus.SENDING,
        email_claimed_at__lte=now - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT),
    )
    with transaction.atomic():
        ids = list(
            Addressee.objects.select_for_update(skip_locked=True)
            .filter(lost | interrupted)
            .values_list("pk", flat=True)[:500]
        )
        Addressee.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.PENDING, email_next_attempt_at=now
        )
    return ids
