"""Requests for peer support and the actions they become."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from reference.models import CapacityLevel
from uploads.models import StoredFile


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ON_HOLD = "on_hold", _("On hold")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def open_states(cls) -> tuple[str, ...]:
        """Submitted and not yet decided: the triage queue."""
        return (cls.SUBMITTED, cls.IN_REVIEW, cls.INFO_REQUESTED, cls.ON_HOLD)

    @classmethod
    def decided_states(cls) -> tuple[str, ...]:
        return (cls.ACCEPTED, cls.REJECTED)


class Modality(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")


class RejectionReason(models.TextChoices):
    NOT_ELIGIBLE_COUNTRY = "not_eligible_country", _("The country is not eligible")
    NOT_ELIGIBLE_INSTITUTION = "not_eligible_institution", _("The institution is not eligible")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the programme's thematic scope")
    OVERLAP = "overlap", _("Overlaps with other support")
    NOT_FEASIBLE = "not_feasible", _("The timing or scale is not feasible")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information")
    OTHER = "other", _("Other reason")


class Request(models.Model):
    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given on submission."),
    )
    lead_institution = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # led by the indexes below
        help_text=_("The lead institution's, copied for the queue's country filter."),
    )
    co_applicants = models.ManyToManyField(
        "partners.Institution",
        blank=True,
        verbose_name=_("co-applicant institutions"),
        related_name="co_applied_requests",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    title = models.CharField(_("title"), max_length=255)
    context = models.TextField(_("context and problem"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    themes = models.ManyToManyField(
        "reference.ThematicArea",
        verbose_name=_("thematic areas"),
        blank=True,
        related_name="requests",
    )
    capacity_levels = models.JSONField(
        _("capacity levels"), default=list, blank=True, help_text=str(CapacityLevel.values)
    )
    modality = models.CharField(
        _("preferred modality"), max_length=16, choices=Modality.choices, blank=True
    )
    period_start = models.DateField(_("preferred start"), null=True, blank=True)
    period_end = models.DateField(_("preferred end"), null=True, blank=True)
    languages = models.ManyToManyField(
        "reference.Language",
        verbose_name=_("working languages"),
        blank=True,
        related_name="requests",
    )
    expertise_sought = models.TextField(_("expertise sought"), blank=True)
    experts_wished = models.PositiveSmallIntegerField(
        _("number of experts wished"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    eligibility = models.JSONField(_("eligibility checklist"), default=dict, blank=True)
    rejection_reason = models.CharField(
        _("reason"), max_length=32, choices=RejectionReason.choices, blank=True
    )
    action = models.ForeignKey(
        "cooperation.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    creation_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("From the form that created the draft: a double click creates one draft."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-submitted_at", "-id"]),
            models.Index(fields=["assigned_officer", "status"]),
            models.Index(fields=["lead_institution", "status"]),
            models.Index(fields=["-submitted_at", "-id"]),
            # The queue, newest first, without the drafts: they have no submission date, so a
            # descending index would put them first, thousands of entries to skip on every page.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=~models.Q(status="draft"),
                name="request_queue_submitted_idx",
            ),
            # The queue by country: its rows newest first, and (index-only) its counts per status.
            models.Index(
                fields=["country", "-submitted_at", "-id"],
                include=["status"],
                condition=~models.Q(status="draft"),
                name="request_queue_country_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Draft')} – {self.title}"

    def save(self, *args, **kwargs) -> None:
        """The country is the lead institution's: set here whenever the request is saved with
        its lead institution; an institution whose country changes moves its requests
        (``requests_follow_country``)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"lead_institution", "lead_institution_id"} & {*update_fields}:
            self.country_id = self.lead_institution.country_id
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "country"}
        super().save(*args, **kwargs)

    def get_status_display(self) -> str:
        """As Django's, which builds a dict of every (translated) status label on each call:
        a queue page of 25 rows translated 200 labels to show 25."""
        try:
            return str(RequestStatus(self.status).label)
        except ValueError:  # not a status: shown as stored, as Django does
            return self.status


def request_attachment_path(instance: "RequestAttachment", filename: str) -> str:
    return f"requests/{instance.request_id}/{filename}"


class RequestAttachment(StoredFile):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=request_attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RequestMessage(models.Model):
    """The thread between staff and the partner; internal notes are for staff only."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "is_internal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=255)
    institutions = models.ManyToManyField(
        "partners.Institution", verbose_name=_("partner institutions"), related_name="actions"
    )
    themes = models.ManyToManyField(
        "reference.ThematicArea",
        verbose_name=_("thematic areas"),
        blank=True,
        related_name="actions",
    )
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    planned_activities = models.TextField(_("planned activities"), blank=True)
    budget_expert_days = models.PositiveIntegerField(_("expert-days"), null=True, blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    period_start = models.DateField(_("start"), null=True, blank=True)
    period_end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_actions",
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"]),
            models.Index(fields=["assigned_officer", "status"]),
            models.Index(fields=["period_start", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"


def action_document_path(instance: "ActionDocument", filename: str) -> str:
    return f"actions/{instance.action_id}/{filename}"


class ActionDocument(StoredFile):
    """An output of an action (report, methodology, training material)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(upload_to=action_document_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class ReferenceCounter(models.Model):
    """The last number given per prefix and year (``REQ-2026``), for readable references."""

    key = models.CharField(max_length=16, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last_value}"


@receiver(post_save, sender="partners.Institution", dispatch_uid="requests_follow_country")
def requests_follow_country(sender, instance, created: bool, update_fields, **kwargs) -> None:
    """An institution saved with its country: its requests take that country. Here rather than
    in ``partners`` (below this app); ``Institution.save`` runs in a transaction, so the requests
    move with the institution or not at all."""
    if created or (update_fields is not None and "country" not in update_fields):
        return
    Request.objects.filter(lead_institution=instance).exclude(
        country_id=instance.country_id
    ).update(country_id=instance.country_id)
