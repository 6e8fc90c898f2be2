"""notify(): one notification per recipient and event, recorded with the event, e-mailed after
the commit, held for the digest or not according to the event and the user's preference."""

import logging

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from notifications import tasks
from notifications.models import DeliveryStatus, EmailFrequency, Notification
from notifications.services import notify, preference_set
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_records_one_notification_per_recipient():
    ana, erik = UserFactory(), UserFactory()

    created = notify(
        event="request_submitted",
        key="request-submitted:1",
        recipients=[ana, erik, ana],
        title="REQ-2026-0001 received",
        body="An officer will review it.",
        url="/requests/1/",
    )

    assert [n.recipient for n in created] == [ana, erik]
    assert Notification.objects.count() == 2
    first = Notification.objects.get(recipient=ana)
    assert (first.event, first.key, first.title, first.body, first.url) == (
        "request_submitted",
        "request-submitted:1",
        "REQ-2026-0001 received",
        "An officer will review it.",
        "/requests/1/",
    )
    assert first.email_status == DeliveryStatus.PENDING
    assert first.read_at is None


def test_notify_twice_for_the_same_event_records_it_once():
    ana = UserFactory()
    notify(event="expert_invited", key="expert-invited:7", recipients=[ana], title="Invitation")

    again = notify(event="expert_invited", key="expert-invited:7", recipients=[ana], title="Again")

    assert again == []
    assert Notification.objects.get().title == "Invitation"


def test_notify_refuses_an_unknown_event():
    with pytest.raises(ValueError, match="Unknown notification event 'invitation_sent'"):
        notify(event="invitation_sent", key="x", recipients=[UserFactory()], title="Hello")

    assert Notification.objects.count() == 0


def test_notify_refuses_a_key_longer_than_the_column():
    with pytest.raises(ValueError, match="longer than 128"):
        notify(event="report_due", key="k" * 129, recipients=[UserFactory()], title="Report")


def test_notify_shortens_a_long_title_to_the_column():
    (notification,) = notify(
        event="report_due", key="long", recipients=[UserFactory()], title="word " * 80
    )

    assert len(notification.title) == 255
    assert notification.title.endswith("…")


def test_notification_rolls_back_with_the_event():
    ana = UserFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event="request_decided", key="decided:1", recipients=[ana], title="Decision")
        raise RuntimeError("the event failed")

    assert Notification.objects.count() == 0


def test_email_is_queued_only_after_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    ana = UserFactory()

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        notify(event="expert_invited", key="expert-invited:1", recipients=[ana], title="Invited")
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert mailoutbox == []
    callbacks[0]()
    assert [message.to for message in mailoutbox] == [[ana.email]]
    assert Notification.objects.get().email_status == DeliveryStatus.SENT


def test_one_commit_queues_every_recipient_in_one_callback(
    django_capture_on_commit_callbacks, mailoutbox
):
    users = UserFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(event="mission_changed", key="mission-changed:1", recipients=users, title="Moved")

    assert len(callbacks) == 1
    assert sorted(message.to[0] for message in mailoutbox) == sorted(u.email for u in users)


def test_broker_down_at_queue_time_keeps_the_event_and_leaves_the_email_pending(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    users = UserFactory.create_batch(2)

    with (
        caplog.at_level(logging.WARNING, logger="notifications.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(event="request_submitted", key="request-submitted:9", recipients=users, title="R")

    assert list(Notification.objects.values_list("email_status", flat=True)) == [
        DeliveryStatus.PENDING,
        DeliveryStatus.PENDING,
    ]
    assert "2 notification e-mail(s) wait for the sweep" in caplog.text


def test_users_who_cannot_receive_email_get_the_notification_in_the_portal_only(
    django_capture_on_commit_callbacks, mailoutbox
):
    inactive = UserFactory(is_active=False)
    unverified = UserFactory(email_verified=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(event="expert_invited", key="k", recipients=[inactive, unverified], title="Invited")

    assert set(Notification.objects.values_list("email_status", flat=True)) == {
        DeliveryStatus.SKIPPED
    }
    assert callbacks == []
    assert mailoutbox == []


def test_digest_preference_holds_events_that_can_wait(django_capture_on_commit_callbacks):
    ana = UserFactory()
    preference_set(user=ana, email_frequency=EmailFrequency.DAILY)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (notification,) = notify(
            event="request_submitted", key="request-submitted:5", recipients=[ana], title="R"
        )

    assert notification.email_status == DeliveryStatus.DIGEST
    assert callbacks == []


@pytest.mark.parametrize("event", ["expert_invited", "report_due", "feedback_due"])
def test_invitations_and_deadlines_are_emailed_at_once_despite_the_digest(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    ana = UserFactory()
    preference_set(user=ana, email_frequency=EmailFrequency.DAILY)

    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(event=event, key=f"{event}:1", recipients=[ana], title="Now")

    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.SENT
    assert len(mailoutbox) == 1


def test_digest_preference_applies_per_recipient(django_capture_on_commit_callbacks):
    daily, immediate = UserFactory(), UserFactory()
    preference_set(user=daily, email_frequency=EmailFrequency.DAILY)

    notify(event="action_created", key="action:1", recipients=[daily, immediate], title="A")

    assert dict(Notification.objects.values_list("recipient_id", "email_status")) == {
        daily.pk: DeliveryStatus.DIGEST,
        immediate.pk: DeliveryStatus.PENDING,
    }
