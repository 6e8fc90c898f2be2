"""Thin Celery tasks of the consultations domain (the beat task is in ``CELERY_BEAT_SCHEDULE``)."""

import logging
from collections.abc import Sequence

from celery import shared_task

from notifications.tasks import tasks_queue

from . import delivery
from .services import consultations_close_due

logger = logging.getLogger(__name__)

SEND_TIME_LIMIT = 120


@shared_task(
    name="consultations.send_email",
    bind=True,
    max_retries=None,  # the addressee row counts the attempts (NOTIFICATIONS_RETRY_DELAYS)
    time_limit=SEND_TIME_LIMIT,
    soft_time_limit=SEND_TIME_LIMIT - 20,
)
def send_email(self, *, addressee_id: int) -> None:
    retry_in = delivery.addressee_email_send(addressee_id=addressee_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(name="consultations.close_due")
def close_due() -> int:
    """Record silence past the deadline as no objection, close those consultations, and queue
    again the e-mails no task is taking care of (idempotent)."""
    closed = consultations_close_due()
    emails_queue(addressee_ids=delivery.addressees_due_again())
    if closed:
        logger.info("Closed %d consultation(s) past their deadline.", closed)
    return closed


def emails_queue(*, addressee_ids: Sequence[int]) -> None:
    """Queue each stakeholder's e-mail; a broker that does not answer leaves them for the sweep."""
    tasks_queue(send_email, "addressee_id", addressee_ids, what="consultation e-mail(s)")
