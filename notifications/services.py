"""Writes of the notifications app; ``notify`` is what domain apps call when an event happens."""

from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from . import selectors, tasks
from .catalogue import event_get
from .models import DeliveryStatus, EmailFrequency, Notification, NotificationPreference

KEY_MAX_LENGTH = Notification._meta.get_field("key").max_length
TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length


def _email_status(event_immediate: bool, user, digest_users: set[int]) -> str:
    if not (user.is_active and user.email_verified and user.email):
        return DeliveryStatus.SKIPPED
    if not event_immediate and user.pk in digest_users:
        return DeliveryStatus.DIGEST
    return DeliveryStatus.PENDING


def notify(
    *, event: str, key: str, recipients: Iterable, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Record a notification for each recipient, once per event key (idempotent).

    Call it inside the transaction of the event: the rows commit or roll back with it. Their
    e-mails are queued only after the commit (pending ones; digest ones wait for the daily
    digest; users who cannot receive e-mail get the notification in the portal only).
    ``event`` must be in the catalogue (``notifications/catalogue.py``); ``url`` is the portal
    path of the object the notification is about. Returns the notifications created now.
    """
    spec = event_get(event)
    if len(key) > KEY_MAX_LENGTH:
        raise ValueError(f"Notification key longer than {KEY_MAX_LENGTH} characters: {key!r}")
    users = list({user.pk: user for user in recipients}.values())
    digest_users = set() if spec.immediate else selectors.digest_users_among([u.pk for u in users])
    created = []
    for recipient in users:
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=recipient,
                        event=event,
                        key=key,
                        title=Truncator(str(title)).chars(TITLE_MAX_LENGTH),
                        body=str(body),
                        url=url,
                        email_status=_email_status(spec.immediate, recipient, digest_users),
                    )
                )
        except IntegrityError:
            continue  # Already recorded for this recipient.
    pending = [n.pk for n in created if n.email_status == DeliveryStatus.PENDING]
    if pending:
        transaction.on_commit(partial(tasks.emails_queue, notification_ids=pending))
    return created


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return (
        selectors.notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
    )


def preference_set(*, user, email_frequency: str) -> NotificationPreference:
    """Save how the user wants e-mails that can wait.

    Switching back to immediate e-mails sends what was held for the digest now, in one digest
    (if the broker does not answer, it goes out with the next daily digest instead).
    """
    previous = selectors.email_frequency_of(user)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": email_frequency}
    )
    if previous == EmailFrequency.DAILY and email_frequency == EmailFrequency.IMMEDIATE:
        transaction.on_commit(partial(tasks.send_digest.delay, user_id=user.pk), robust=True)
    return preference


def notification_email_retry(*, notification: Notification) -> bool:
    """Staff send a failed e-mail again (after fixing the mail set-up): a fresh round of attempts.

    Returns False when the e-mail had not failed (nothing to do).
    """
    updated = Notification.objects.filter(
        pk=notification.pk, email_status=DeliveryStatus.FAILED
    ).update(
        email_status=DeliveryStatus.PENDING,
        email_attempts=0,
        email_next_attempt_at=timezone.now(),
    )
    if updated:
        transaction.on_commit(partial(tasks.emails_queue, notification_ids=[notification.pk]))
    return bool(updated)
