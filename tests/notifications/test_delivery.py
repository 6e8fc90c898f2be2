"""Sending notification e-mails: once, with retries and a sweep for whatever no task carries."""

import smtplib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from notifications import delivery, tasks
from notifications.models import DeliveryStatus, EmailFrequency, Notification
from notifications.services import notification_email_retry, notify, preference_set
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

TRANSIENT_BACKEND = "tests.notifications.test_delivery.DisconnectingBackend"
PERMANENT_BACKEND = "tests.notifications.test_delivery.RefusingBackend"


class DisconnectingBackend(BaseEmailBackend):
    """A mail server that drops the connection (a transient failure)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient for good (550)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.org": (550, b"5.1.1 No such user")})


def pending_notification(event: str = "expert_invited", **user_fields) -> Notification:
    (notification,) = notify(
        event=event, key=f"{event}:1", recipients=[UserFactory(**user_fields)], title="Hello"
    )
    return notification


def test_send_marks_the_notification_sent_with_one_attempt(mailoutbox):
    notification = pending_notification()

    assert delivery.notification_email_send(notification_id=notification.pk) is None

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.SENT
    assert notification.email_attempts == 1
    assert notification.email_sent_at is not None
    assert notification.email_claimed_at is not None
    assert len(mailoutbox) == 1


def test_sending_twice_sends_one_message(mailoutbox):
    notification = pending_notification()

    delivery.notification_email_send(notification_id=notification.pk)
    delivery.notification_email_send(notification_id=notification.pk)
    tasks.send_email.delay(notification_id=notification.pk)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_a_notification_claimed_by_another_worker_is_left_to_it(mailoutbox):
    notification = pending_notification()
    Notification.objects.filter(pk=notification.pk).update(
        email_status=DeliveryStatus.SENDING, email_claimed_at=timezone.now()
    )

    assert delivery.notification_email_send(notification_id=notification.pk) is None

    assert mailoutbox == []


def test_a_deleted_notification_is_ignored(mailoutbox):
    assert delivery.notification_email_send(notification_id=987654) is None
    assert mailoutbox == []


def test_message_id_is_the_same_each_time_the_notification_is_sent(mailoutbox):
    notification = pending_notification()
    delivery.notification_email_send(notification_id=notification.pk)
    Notification.objects.filter(pk=notification.pk).update(email_status=DeliveryStatus.PENDING)

    delivery.notification_email_send(notification_id=notification.pk)

    first, second = (message.message()["Message-ID"] for message in mailoutbox)
    assert first == second
    assert first.endswith("@127.0.0.1>")
    other = pending_notification("report_due")
    delivery.notification_email_send(notification_id=other.pk)
    assert mailoutbox[2].message()["Message-ID"] != first


def test_a_transient_failure_is_recorded_and_retried_later(settings):
    settings.EMAIL_BACKEND = TRANSIENT_BACKEND
    settings.NOTIFICATIONS_RETRY_DELAYS = [60, 180]
    notification = pending_notification()
    before = timezone.now()

    retry_in = delivery.notification_email_send(notification_id=notification.pk)

    assert retry_in == 60
    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.PENDING
    assert notification.email_attempts == 1
    assert notification.email_last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed"
    )
    assert notification.email_next_attempt_at >= before + timedelta(seconds=60)


def test_the_delays_grow_and_the_last_attempt_marks_it_failed(settings):
    settings.EMAIL_BACKEND = TRANSIENT_BACKEND
    settings.NOTIFICATIONS_RETRY_DELAYS = [60, 180]
    notification = pending_notification()

    delays = [delivery.notification_email_send(notification_id=notification.pk) for _ in range(3)]

    assert delays == [60, 180, None]
    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.FAILED
    assert notification.email_attempts == 3


def test_a_permanent_failure_is_not_retried(settings):
    settings.EMAIL_BACKEND = PERMANENT_BACKEND
    notification = pending_notification()

    assert delivery.notification_email_send(notification_id=notification.pk) is None

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.FAILED
    assert notification.email_attempts == 1
    assert "550" in notification.email_last_error


def test_run_eagerly_a_failing_task_records_the_failure_without_retrying_in_the_request(
    settings,
):
    settings.EMAIL_BACKEND = TRANSIENT_BACKEND
    notification = pending_notification()

    tasks.send_email.delay(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.PENDING
    assert notification.email_attempts == 1
    assert notification.email_last_error.startswith("SMTPServerDisconnected")


def age(notification: Notification, **fields) -> None:
    Notification.objects.filter(pk=notification.pk).update(**fields)


def test_sweep_sends_pending_emails_that_no_task_carries(mailoutbox):
    lost = pending_notification()
    age(lost, email_next_attempt_at=timezone.now() - timedelta(minutes=5))
    fresh = pending_notification("report_due")

    assert tasks.sweep() == 1

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.email_status == DeliveryStatus.SENT
    assert fresh.email_status == DeliveryStatus.PENDING
    assert [message.to for message in mailoutbox] == [[lost.recipient.email]]


def test_sweep_leaves_retries_that_wait_for_their_delay(settings):
    settings.EMAIL_BACKEND = TRANSIENT_BACKEND
    notification = pending_notification()
    delivery.notification_email_send(notification_id=notification.pk)

    assert delivery.notifications_due_again() == []


def test_sweep_takes_back_a_claim_of_a_worker_that_died_while_sending(mailoutbox):
    notification = pending_notification()
    stale = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT + 1)
    age(notification, email_status=DeliveryStatus.SENDING, email_claimed_at=stale)
    working = pending_notification("report_due")
    age(working, email_status=DeliveryStatus.SENDING, email_claimed_at=timezone.now())

    assert delivery.notifications_due_again() == [notification.pk]

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.PENDING
    assert "stopped while sending" in notification.email_last_error
    assert delivery.notifications_due_again() == []


def test_sweep_and_the_queued_task_send_one_message(mailoutbox):
    notification = pending_notification()
    age(notification, email_next_attempt_at=timezone.now() - timedelta(minutes=5))

    tasks.sweep()
    tasks.send_email.delay(notification_id=notification.pk)
    tasks.sweep()

    assert len(mailoutbox) == 1


def test_sweep_ignores_digest_sent_failed_and_skipped_rows():
    for status in (
        DeliveryStatus.DIGEST,
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.SKIPPED,
    ):
        notification = pending_notification(email=f"{status}@example.org")
        age(
            notification,
            email_status=status,
            email_next_attempt_at=timezone.now() - timedelta(days=1),
        )

    assert delivery.notifications_due_again() == []


def held_for_digest(user, count: int) -> list[Notification]:
    preference_set(user=user, email_frequency=EmailFrequency.DAILY)
    return [
        notify(event="request_submitted", key=f"r:{n}", recipients=[user], title=f"Request {n}")[0]
        for n in range(count)
    ]


def test_daily_digest_sends_one_email_per_user(mailoutbox):
    ana, erik = UserFactory(full_name="Ana"), UserFactory(full_name="Erik")
    held_for_digest(ana, 3)
    held_for_digest(erik, 1)

    assert tasks.queue_digests() == 2

    assert sorted(message.to[0] for message in mailoutbox) == sorted([ana.email, erik.email])
    digest = next(message for message in mailoutbox if message.to == [ana.email])
    assert digest.subject == (f"Your daily summary: 3 notifications – {settings.PORTAL_NAME}")
    assert "* Request 0 (Request received)" in digest.body
    assert "* Request 2 (Request received)" in digest.body
    assert set(Notification.objects.values_list("email_status", flat=True)) == {DeliveryStatus.SENT}
    assert tasks.queue_digests() == 0
    assert len(mailoutbox) == 2


def test_a_failed_digest_holds_the_notifications_again(settings):
    settings.EMAIL_BACKEND = TRANSIENT_BACKEND
    ana = UserFactory()
    held_for_digest(ana, 2)

    assert delivery.digest_send(user_id=ana.pk) == settings.NOTIFICATIONS_RETRY_DELAYS[0]

    assert list(Notification.objects.values_list("email_status", "email_attempts")) == [
        (DeliveryStatus.DIGEST, 1),
        (DeliveryStatus.DIGEST, 1),
    ]


def test_switching_back_to_immediate_sends_what_was_held(
    mailoutbox, django_capture_on_commit_callbacks
):
    ana = UserFactory()
    held_for_digest(ana, 2)

    with django_capture_on_commit_callbacks(execute=True):
        preference_set(user=ana, email_frequency=EmailFrequency.IMMEDIATE)

    assert len(mailoutbox) == 1
    assert "2 notifications" in mailoutbox[0].subject


def test_staff_can_send_a_failed_email_again(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = PERMANENT_BACKEND
    notification = pending_notification()
    delivery.notification_email_send(notification_id=notification.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        assert notification_email_retry(notification=notification) is True

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.SENT
    assert notification.email_attempts == 1
    assert notification_email_retry(notification=notification) is False


def test_retry_delays_stay_below_the_brokers_visibility_timeout():
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert max(settings.NOTIFICATIONS_RETRY_DELAYS) < visibility_timeout / 2
    assert tasks.SEND_TIME_LIMIT < settings.NOTIFICATIONS_CLAIM_TIMEOUT < visibility_timeout
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
