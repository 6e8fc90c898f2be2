"""Open calls for experts: a mission's open positions, published for roster experts to apply to."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.models import ExpertRole

MOTIVATION_MAX_LENGTH = 3000


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    """The call for experts of one mission: its positions and the deadline to apply."""

    mission = models.OneToOneField(
        "missions.Mission", verbose_name=_("mission"), on_delete=models.CASCADE, related_name="call"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    deadline = models.DateTimeField(_("apply by"))
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call for experts")
        verbose_name_plural = _("calls for experts")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return str(self.mission)


class Position(models.Model):
    """One open position of a call: the role, the expertise sought and the practicalities."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="positions")
    role = models.CharField(
        _("role"), max_length=16, choices=ExpertRole.choices, default=ExpertRole.EXPERT
    )
    theme = models.ForeignKey(
        "reference.ThematicArea",
        verbose_name=_("thematic sub-area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expertise_sought = models.TextField(_("expertise sought"))
    languages = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    expert_days = models.PositiveSmallIntegerField(
        _("expert-days"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    places = models.PositiveSmallIntegerField(
        _("experts sought"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    filled_at = models.DateTimeField(_("filled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["call", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="call_position_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.theme}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INVITED = "invited", _("Invited")
    SELECTED = "selected", _("Selected")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Mission cancelled")


class Application(models.Model):
    """An expert's application to a position; at most one live (not withdrawn) per call and
    expert: after withdrawing, the expert may apply again while the call is open."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="applications")
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="call_applications"
    )
    motivation = models.TextField(_("motivation"))
    availability_confirmed = models.BooleanField(_("availability confirmed"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "expert"],
                condition=~models.Q(status="withdrawn"),
                name="call_application_unique_live",
            )
        ]
        indexes = [models.Index(fields=["expert", "status"])]

    def __str__(self) -> str:
        return f"{self.expert} → {self.position}"
