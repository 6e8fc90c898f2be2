"""Sending notification e-mails: what the worker's tasks call (``notifications/tasks.py``).

Exactly one message per notification rests on the row, not on the broker:

1. *Claim*: in a short transaction, lock the row (``SKIP LOCKED``), return if it is no longer
   pending, mark it ``sending`` with the time and count the attempt. Of two deliveries of the
   same task, or a task and the sweep, only one gets past this step.
2. *Send* through Django's e-mail API, with a Message-ID derived from the notification.
3. *Record* the outcome: sent; or pending again with a later next attempt after a transient
   failure (the task retries after that delay); or failed.

A worker that dies between 2 and 3 leaves the row ``sending``; the sweep hands it out again once
the claim is older than ``NOTIFICATIONS_CLAIM_TIMEOUT`` (docs/notifications.md, "the remaining
window").
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from .emails import digest_email, notification_email
from .models import DeliveryStatus, Notification

logger = logging.getLogger(__name__)

# How many rows one sweep hands out at most (it runs every minute).
SWEEP_BATCH = 500


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer of the mail server will be the same next time; anything else may pass."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


# The steps below work on any model with the e-mail delivery fields of ``Notification``
# (``email_status`` with the DeliveryStatus values, ``email_attempts``, ``email_claimed_at``,
# ``email_next_attempt_at``, ``email_last_error``): consultations' addressees use them too.


def email_failure_record(
    rows: QuerySet, *, attempts: int, error: Exception, retry_status: str
) -> int | None:
    """Mark ``rows`` failed, or ``retry_status`` with the next attempt planned; return its delay."""
    delays = settings.NOTIFICATIONS_RETRY_DELAYS
    text = _error_text(error)
    what = rows.model._meta.verbose_name
    if _is_permanent(error) or attempts > len(delays):
        rows.update(email_status=DeliveryStatus.FAILED, email_last_error=text)
        logger.error("E-mail of %s failed for good after %d attempt(s): %s", what, attempts, text)
        return None
    delay = delays[attempts - 1]
    rows.update(
        email_status=retry_status,
        email_last_error=text,
        email_next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    logger.warning("E-mail of %s, attempt %d failed (%s); next in %ds", what, attempts, text, delay)
    return delay


def email_claim(row: QuerySet):
    """Claim the e-mail of the one row of ``row`` (a queryset filtered to its pk) if it is still
    pending: lock it (``SKIP LOCKED``), mark it sending, count the attempt. None if another
    delivery has it or it is no longer pending."""
    with transaction.atomic():
        claimed = (
            row.select_for_update(skip_locked=True, of=("self",))
            .filter(email_status=DeliveryStatus.PENDING)
            .first()
        )
        if claimed is None:
            return None
        claimed.email_status = DeliveryStatus.SENDING
        claimed.email_claimed_at = timezone.now()
        claimed.email_attempts += 1
        claimed.save(update_fields=["email_status", "email_claimed_at", "email_attempts"])
    return claimed


def email_rows_due_again(model: type[models.Model]) -> list[int]:
    """Hand out again the e-mails no task is taking care of; return the ids to queue.

    - pending rows whose next attempt is older than ``NOTIFICATIONS_SWEEP_AFTER`` seconds: the
      broker was down when the event happened, or the task was lost;
    - ``sending`` rows claimed longer than ``NOTIFICATIONS_CLAIM_TIMEOUT`` ago: the worker died
      while sending (they may go out twice, with the same Message-ID).

    Their next attempt is set to now, so the next sweep leaves them to the queued task.
    """
    now = timezone.now()
    lost = Q(
        email_status=DeliveryStatus.PENDING,
        email_next_attempt_at__lte=now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER),
    )
    interrupted = Q(
        email_status=DeliveryStatus.SENDING,
        email_claimed_at__lte=now - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT),
    )
    with transaction.atomic():
        ids = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(lost | interrupted)
            .order_by("email_next_attempt_at", "id")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        model.objects.filter(interrupted, pk__in=ids).update(
            email_last_error=gettext(
                "The worker stopped while sending this e-mail; it is sent again."
            )
        )
        model.objects.filter(pk__in=ids).update(
            email_status=DeliveryStatus.PENDING, email_next_attempt_at=now
        )
    if ids:
        logger.info(
            "The sweep hands out %d e-mail(s) of %s again",
            len(ids),
            model._meta.verbose_name_plural,
        )
    return ids


def notification_email_send(*, notification_id: int) -> int | None:
    """Send the e-mail of one pending notification, once.

    Returns the seconds to wait before the next attempt after a transient failure, else None
    (sent, failed for good, gone, or already taken care of by another delivery).
    """
    notification = email_claim(
        Notification.objects.select_related("recipient").filter(pk=notification_id)
    )
    if notification is None:
        return None
    try:
        notification_email(notification).send()
    except Exception as error:
        return email_failure_record(
            Notification.objects.filter(pk=notification.pk),
            attempts=notification.email_attempts,
            error=error,
            retry_status=DeliveryStatus.PENDING,
        )
    Notification.objects.filter(pk=notification.pk).update(
        email_status=DeliveryStatus.SENT, email_sent_at=timezone.now()
    )
    return None


def digest_send(*, user_id: int) -> int | None:
    """Send one e-mail with every notification held for the user's digest, once.

    Claims the held rows the same way as ``notification_email_send``; returns the retry delay
    after a transient failure (the rows are held again until then), else None.
    """
    with transaction.atomic():
        held = Notification.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            recipient_id=user_id, email_status=DeliveryStatus.DIGEST
        )
        ids = list(held.order_by("created_at", "id").values_list("pk", flat=True))
        if not ids:
            return None
        Notification.objects.filter(pk__in=ids).update(
            email_status=DeliveryStatus.SENDING,
            email_claimed_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
        )
    notifications = list(
        Notification.objects.filter(pk__in=ids).select_related("recipient").order_by("created_at")
    )
    try:
        digest_email(notifications[0].recipient, notifications).send()
    except Exception as error:
        attempts = Notification.objects.filter(pk__in=ids).aggregate(Max("email_attempts"))
        return email_failure_record(
            Notification.objects.filter(pk__in=ids),
            attempts=attempts["email_attempts__max"],
            error=error,
            retry_status=DeliveryStatus.DIGEST,
        )
    Notification.objects.filter(pk__in=ids).update(
        email_status=DeliveryStatus.SENT, email_sent_at=timezone.now()
    )
    return None


def notifications_due_again() -> list[int]:
    """The notification e-mails to queue again (``email_rows_due_again``)."""
    return email_rows_due_again(Notification)
