"""Missions of an action, the experts invited to them, and what comes after."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.models import ActivityType
from uploads.models import StoredFile


class MissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECRUITING = "recruiting", _("Recruiting")
    STAFFED = "staffed", _("Staffed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Mission(models.Model):
    action = models.ForeignKey(
        "cooperation.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="missions",
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Within the action."))
    activity_type = models.CharField(_("type"), max_length=32, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=255)
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    is_remote = models.BooleanField(_("remote"), default=False)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    expert_days = models.PositiveSmallIntegerField(_("expert-days"), default=0)
    experts_needed = models.PositiveSmallIntegerField(
        _("experts needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    languages = models.ManyToManyField(
        "reference.Language",
        verbose_name=_("languages required"),
        blank=True,
        related_name="missions",
    )
    themes = models.ManyToManyField(
        "reference.ThematicArea",
        verbose_name=_("thematic areas"),
        blank=True,
        related_name="missions",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MissionStatus.choices, default=MissionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="mission_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="mission_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def reference(self) -> str:
        """``ACT-2026-0007/2``: the action's reference and the mission's number within it."""
        return f"{self.action.reference}/{self.number}"

    @property
    def location(self) -> str:
        if self.is_remote:
            return str(_("Remote"))
        return ", ".join(str(part) for part in (self.city, self.country) if part)

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start_date <= end and start <= self.end_date


class InvitationStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExpertRole(models.TextChoices):
    LEAD = "lead", _("Lead expert")
    EXPERT = "expert", _("Expert")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=InvitationStatus.INVITED)

    def accepted(self):
        return self.filter(status=InvitationStatus.ACCEPTED)


class Invitation(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ExpertRole.choices, default=ExpertRole.EXPERT
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.SHORTLISTED,
    )
    score = models.FloatField(_("match score"), null=True, blank=True)
    score_explanation = models.TextField(_("why this expert"), blank=True)
    deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_reason = models.TextField(_("reason"), blank=True)
    token_nonce = models.CharField(
        max_length=32,
        blank=True,
        help_text=_("Part of the signed answer links; a new one is drawn with each invitation."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "expert"], name="invitation_unique")
        ]
        indexes = [
            models.Index(fields=["expert", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.mission}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class MissionReport(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reports")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="reports")
    activities = models.TextField(_("activities carried out"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up = models.TextField(_("proposed follow-up"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    staff_comment = models.TextField(_("comments from staff"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mission report")
        verbose_name_plural = _("mission reports")
        constraints = [
            models.UniqueConstraint(fields=["mission", "expert"], name="mission_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mission} – {self.expert}"


def report_attachment_path(instance: "ReportAttachment", filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportAttachment(StoredFile):
    report = models.ForeignKey(MissionReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=report_attachment_path, max_length=255)

    def __str__(self) -> str:
        return self.original_name


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """The partner institution's view of a mission, scored 1–5 per dimension."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="feedback")
    institution = models.ForeignKey(
        "partners.Institution", on_delete=models.PROTECT, related_name="mission_feedback"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    relevance = models.PositiveSmallIntegerField(_("relevance"), validators=RATING_VALIDATORS)
    expertise = models.PositiveSmallIntegerField(_("expertise"), validators=RATING_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(_("organisation"), validators=RATING_VALIDATORS)
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), validators=RATING_VALIDATORS)
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["mission", "institution"], name="feedback_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mission} – {self.institution}"

    @property
    def average(self) -> float:
        return (self.relevance + self.expertise + self.organisation + self.usefulness) / 4
