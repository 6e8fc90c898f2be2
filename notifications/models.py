from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import EVENTS


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DIGEST = "digest", _("Held for the daily digest")
    SKIPPED = "skipped", _("Not sent by e-mail")


class Notification(models.Model):
    """One event for one recipient: shown in the portal and delivered by e-mail.

    ``key`` identifies the event (for example ``request-submitted:42``); with the recipient it is
    unique, so recording the same event twice gives one notification and one e-mail.

    The e-mail moves pending → sending → sent (or back to pending with a later
    ``email_next_attempt_at`` after a transient failure, or failed); ``email_claimed_at`` is when a
    worker took it for sending. See docs/notifications.md for the guarantees.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=64, db_index=True)
    key = models.CharField(max_length=128)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    email_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_last_error = models.TextField(blank=True)
    email_next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["email_status", "email_next_attempt_at"], name="notification_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def event_label(self) -> str:
        event = EVENTS.get(self.event)
        return str(event.label) if event else self.event


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once: one e-mail per event")
    DAILY = "daily", _("Once a day: one digest e-mail")


class NotificationPreference(models.Model):
    """How a user wants the e-mails of events that can wait (urgent ones are always sent at once).

    A user without a row gets every e-mail at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("e-mails about events that can wait"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_frequency_display()}"
