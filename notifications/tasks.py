"""Thin tasks that deliver notification e-mails (the work is in ``delivery.py``).

Every task is idempotent: the notification rows say what is left to send, so a task that runs
twice, or after its worker died, sends nothing twice.

Run eagerly (no broker, ``make run``), a sending task does not retry inside the web request: the
failure is recorded and the e-mail stays pending for the sweep.
"""

import logging
from collections.abc import Sequence

from celery import shared_task
from kombu.exceptions import OperationalError

from . import delivery, selectors

logger = logging.getLogger(__name__)

# Hard limit of one sending task. NOTIFICATIONS_CLAIM_TIMEOUT is longer, so a claim that old
# belongs to a worker that is gone (the prefork pool enforces the limit).
SEND_TIME_LIMIT = 120


@shared_task(
    name="notifications.send_email",
    bind=True,
    max_retries=None,  # the notification row counts the attempts (NOTIFICATIONS_RETRY_DELAYS)
    time_limit=SEND_TIME_LIMIT,
    soft_time_limit=SEND_TIME_LIMIT - 20,
)
def send_email(self, *, notification_id: int) -> None:
    retry_in = delivery.notification_email_send(notification_id=notification_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(
    name="notifications.send_digest",
    bind=True,
    max_retries=None,
    time_limit=SEND_TIME_LIMIT,
    soft_time_limit=SEND_TIME_LIMIT - 20,
)
def send_digest(self, *, user_id: int) -> None:
    retry_in = delivery.digest_send(user_id=user_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(name="notifications.queue_digests")
def queue_digests() -> int:
    """Daily (beat): one digest task per user with notifications held for the digest."""
    user_ids = selectors.digest_recipient_ids()
    for user_id in user_ids:
        send_digest.delay(user_id=user_id)
    return len(user_ids)


@shared_task(name="notifications.sweep")
def sweep() -> int:
    """Every minute (beat): queue again the e-mails that no task is taking care of."""
    ids = delivery.notifications_due_again()
    emails_queue(notification_ids=ids)
    return len(ids)


def emails_queue(*, notification_ids: Sequence[int]) -> None:
    """Queue the e-mail of each notification (``tasks_queue``)."""
    tasks_queue(send_email, "notification_id", notification_ids, what="notification e-mail(s)")


def tasks_queue(task, id_argument: str, ids: Sequence[int], *, what: str) -> None:
    """Queue ``task`` once for each id, passed as ``id_argument`` (``what`` names them in the log).

    A broker that does not answer is logged, not raised: the event that caused the e-mails is
    already committed, and the rows stay pending until the sweep queues them. The first failure
    stops the loop, so a web request pays for one failed connection, not one per row.
    """
    for position, row_id in enumerate(ids):
        try:
            task.delay(**{id_argument: row_id})
        except OperationalError as error:
            logger.warning(
                "The broker does not answer (%s): %d %s wait for the sweep",
                error,
                len(ids) - position,
                what,
            )
            return
