"""Decision meetings: the programme's standard criteria, dated meetings, their agenda of requests,
the scores given against the criteria and the decision proposed for each request."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.models import RejectionReason

SCORE_MIN = 1
SCORE_MAX = 5


class DecisionCriterion(models.Model):
    """One of the standard criteria against which requests are scored (managers keep the list)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decision criterion")
        verbose_name_plural = _("decision criteria")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decision meeting")
        verbose_name_plural = _("decision meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date.isoformat()})"

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class Outcome(models.TextChoices):
    PENDING = "pending", _("To be decided")
    APPLIED = "applied", _("Applied")
    SKIPPED = "skipped", _("Skipped")


class AgendaItem(models.Model):
    """A request on a meeting's agenda, with the status seen when it was put there, the decision
    proposed and, once the meeting is closed, what happened to it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    request = models.ForeignKey(
        "cooperation.Request",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="meeting_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status_seen = models.CharField(_("status when put on the agenda"), max_length=32)
    proposed_decision = models.CharField(_("proposed decision"), max_length=32, blank=True)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=32, blank=True, choices=RejectionReason.choices
    )
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("why it was skipped"), blank=True)
    applied_status = models.CharField(_("status after the meeting"), max_length=32, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "request"], name="meeting_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.request_id}"


class Score(models.Model):
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        DecisionCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
