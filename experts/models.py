"""The expert roster and the shortlists that matching produces."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.models import LanguageLevel


class EmployerType(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    MANDATED_BODY = "mandated_body", _("Mandated body")
    SOCIAL_PARTNER = "social_partner", _("Social partner")
    ACADEMIA = "academia", _("Academia")
    INDEPENDENT = "independent", _("Independent")


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Profile in progress")
    APPLIED = "applied", _("Waiting for vetting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    ANONYMISED = "anonymised", _("Anonymised")


def expert_cv_path(instance: "Expert", filename: str) -> str:
    return f"experts/{instance.pk}/cv/{filename}"


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    nationality = models.ForeignKey(
        "reference.Country",
        verbose_name=_("nationality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.CharField(_("current employer"), max_length=255, blank=True)
    employer_type = models.CharField(
        _("employer type"), max_length=32, choices=EmployerType.choices, blank=True
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    countries_of_experience = models.ManyToManyField(
        "reference.Country",
        verbose_name=_("countries of experience"),
        blank=True,
        related_name="experienced_experts",
    )
    summary = models.TextField(_("summary"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    cv = models.FileField(_("CV"), upload_to=expert_cv_path, max_length=255, blank=True)
    cv_name = models.CharField(max_length=255, blank=True)
    max_days_per_year = models.PositiveSmallIntegerField(
        _("maximum mission days a year"), null=True, blank=True
    )
    conflict_institutions = models.ManyToManyField(
        "partners.Institution",
        verbose_name=_("declared conflicts of interest"),
        blank=True,
        related_name="+",
        help_text=_("Institutions the expert must not work with (employment, family, contracts)."),
    )
    roster_status = models.CharField(
        _("roster status"),
        max_length=16,
        choices=RosterStatus.choices,
        default=RosterStatus.DRAFT,
        db_index=True,
    )
    consent_given_at = models.DateTimeField(
        _("data-protection consent given"), null=True, blank=True
    )
    vetting_note = models.TextField(_("vetting note"), blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["roster_status", "employer_type"]),
            models.Index(fields=["nationality", "roster_status"]),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ExpertTheme(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(
        "reference.ThematicArea", on_delete=models.PROTECT, related_name="expert_themes"
    )
    years = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "theme"], name="expert_theme_unique")
        ]
        indexes = [models.Index(fields=["theme", "expert"])]

    def __str__(self) -> str:
        return f"{self.theme} ({self.years})"


class ExpertLanguage(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(
        "reference.Language", on_delete=models.PROTECT, related_name="expert_languages"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=LanguageLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "language"], name="expert_language_unique")
        ]
        indexes = [models.Index(fields=["language", "level", "expert"])]

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"


class UnavailablePeriod(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="unavailable_periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["expert", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="unavailable_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"


class ShortlistStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Matching")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Shortlist(models.Model):
    """The stored result of matching one request or mission against the roster.

    One per subject: re-running replaces its entries.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        max_length=16, choices=ShortlistStatus.choices, default=ShortlistStatus.PENDING
    )
    weights = models.JSONField(default=dict, blank=True)
    roster_size = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="shortlist_one_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"Shortlist for {self.content_type.model} {self.object_id}"


class ShortlistSource(models.TextChoices):
    MATCHED = "matched", _("Matched")
    ADDED = "added", _("Added by staff")
    APPLICATION = "application", _("Application")


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(null=True, blank=True)
    total_score = models.FloatField(default=0)
    scores = models.JSONField(default=dict, blank=True)
    explanation = models.TextField(blank=True)
    source = models.CharField(
        max_length=16, choices=ShortlistSource.choices, default=ShortlistSource.MATCHED
    )
    dropped = models.BooleanField(default=False)
    selected = models.BooleanField(
        _("selected"),
        default=False,
        help_text=_("Chosen by staff to be invited (or carried over)."),
    )
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rank", "-total_score", "expert_id"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "expert"], name="shortlist_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.expert_id}: {self.total_score:.2f}"
