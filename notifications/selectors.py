"""Reads of notifications: a user's own, and the delivery log for programme staff."""

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from .models import DeliveryStatus, EmailFrequency, Notification, NotificationPreference


def notifications_of(user) -> QuerySet[Notification]:
    """The user's notifications, newest first (another user's never)."""
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_of(user).filter(read_at__isnull=True).count()


def email_frequency_of(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATE


def digest_users_among(user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` asked for a daily digest."""
    return set(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, email_frequency=EmailFrequency.DAILY
        ).values_list("user_id", flat=True)
    )


def digest_recipient_ids() -> list[int]:
    """Users with notifications held for the digest."""
    return list(
        Notification.objects.filter(email_status=DeliveryStatus.DIGEST)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def deliveries_for_staff() -> QuerySet[Notification]:
    """Every notification with its recipient, newest first, for the delivery log."""
    return Notification.objects.select_related("recipient").order_by("-created_at", "-id")


def delivery_status_counts() -> list[tuple[str, str, int]]:
    """(status, label, how many notifications) for every e-mail status, for the log's summary."""
    counts = dict(
        Notification.objects.order_by()
        .values_list("email_status")
        .annotate(n=Count("id"))
        .values_list("email_status", "n")
    )
    return [(status, label, counts.get(status, 0)) for status, label in DeliveryStatus.choices]
