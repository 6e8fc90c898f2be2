"""Stakeholder contacts per country, consultations of a request, and each stakeholder's answers.

A consultation goes to named stakeholders (``Addressee``: a snapshot of the contact at sending,
so that a later edit of the contact does not change what was asked). Each addressee's status is
their current answer; every answer given is kept in ``Answer``, so a replaced answer stays on
record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 5000


class ContactKind(models.TextChoices):
    EU_DELEGATION = "eu_delegation", _("EU Delegation")
    NATIONAL_CONTACT_POINT = "national_contact_point", _("National contact point")
    OTHER = "other", _("Other stakeholder")


class StakeholderContact(models.Model):
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="stakeholder_contacts",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ContactKind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stakeholder contact")
        verbose_name_plural = _("stakeholder contacts")
        ordering = ["country__name", "kind", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "email"], name="consultations_contact_unique_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for answers")
    CLOSED = "closed", _("Closed")
    OVERRIDDEN = "overridden", _("Objection overridden")


class Consultation(models.Model):
    request = models.ForeignKey(
        "cooperation.Request",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
        db_index=True,
    )
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    deadline = models.DateField(_("deadline"), db_index=True)
    message = models.TextField(_("message to the stakeholders"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="open"),
                name="consultations_one_open_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.sent_at:%Y-%m-%d}"


class AnswerStatus(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    NO_OBJECTION = "no_objection", _("No objection")
    OBJECTION = "objection", _("Objection")
    COMMENT = "comment", _("Comment")
    SILENT = "silent", _("No answer: no objection")


# What a stakeholder may answer (the others are set by the portal).
ANSWER_CHOICES = [
    (AnswerStatus.NO_OBJECTION.value, AnswerStatus.NO_OBJECTION.label),
    (AnswerStatus.OBJECTION.value, AnswerStatus.OBJECTION.label),
    (AnswerStatus.COMMENT.value, AnswerStatus.COMMENT.label),
]


class EmailStatus(models.TextChoices):
    """The values and labels of ``notifications.models.DeliveryStatus`` that apply here (the
    delivery functions of ``notifications/delivery.py`` work on these rows)."""

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The consultation ended before the e-mail went out (``email_last_error`` says so).
    SKIPPED = "skipped", _("Not sent by e-mail")


class Addressee(models.Model):
    """One stakeholder asked in a consultation, with their current answer."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="addressees"
    )
    contact = models.ForeignKey(
        StakeholderContact, null=True, on_delete=models.SET_NULL, related_name="addressees"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ContactKind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("answer"), max_length=16, choices=AnswerStatus.choices, default=AnswerStatus.PENDING
    )
    text = models.TextField(_("reason or comment"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    token_nonce = models.CharField(max_length=32)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_last_error = models.TextField(blank=True)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_resends = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stakeholder consulted")
        verbose_name_plural = _("stakeholders consulted")
        ordering = ["consultation", "kind", "organisation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "email"], name="consultations_addressee_unique_email"
            )
        ]

    def __str__(self) -> str:
        return self.organisation


class Answer(models.Model):
    """Every answer given (or recorded for silence), the replaced ones included."""

    addressee = models.ForeignKey(Addressee, on_delete=models.CASCADE, related_name="answers")
    status = models.CharField(_("answer"), max_length=16, choices=AnswerStatus.choices)
    text = models.TextField(_("reason or comment"), blank=True)
    created_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.get_status_display()
