"""Reference data shared by every domain app: countries, the thematic taxonomy, languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    WESTERN_BALKANS = "western_balkans", _("Western Balkans")
    EASTERN_NEIGHBOURHOOD = "eastern_neighbourhood", _("Eastern Neighbourhood")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    SUB_SAHARAN_AFRICA = "sub_saharan_africa", _("Sub-Saharan Africa")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and Caribbean")
    ASIA_PACIFIC = "asia_pacific", _("Asia and Pacific")
    MIDDLE_EAST_NORTH_AFRICA = "mena", _("Middle East and North Africa")
    EUROPEAN_UNION = "eu", _("European Union")


class CountryQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_partner=True)

    def eligible(self):
        return self.filter(is_partner=True, is_eligible=True)

    def eu_members(self):
        return self.filter(is_eu_member=True)


class Country(models.Model):
    code = models.CharField(_("ISO 3166 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, db_index=True)
    is_partner = models.BooleanField(_("partner country"), default=False)
    is_eligible = models.BooleanField(
        _("eligible"),
        default=False,
        help_text=_("Institutions of eligible partner countries may receive support."),
    )
    is_eu_member = models.BooleanField(_("EU member state"), default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ThematicAreaQuerySet(models.QuerySet):
    def areas(self):
        return self.filter(parent__isnull=True)

    def sub_areas(self):
        return self.filter(parent__isnull=False).select_related("parent")


class ThematicArea(models.Model):
    """A two-level taxonomy: areas (no parent) and their sub-areas."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_areas",
    )

    objects = ThematicAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["parent__name", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    @property
    def area_id(self) -> int:
        """The top-level area this entry belongs to (itself for an area)."""
        return self.parent_id or self.pk


class Language(models.Model):
    code = models.CharField(_("ISO 639-1 code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LanguageLevel(models.IntegerChoices):
    """CEFR levels, ordered so that "B2 or better" is ``level >= LanguageLevel.B2``."""

    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"
    NATIVE = 7, _("native")


class CapacityLevel(models.TextChoices):
    INSTITUTIONAL = "institutional", _("Institutional")
    ORGANISATIONAL = "organisational", _("Organisational")
    INDIVIDUAL = "individual", _("Individual")


class ActivityType(models.TextChoices):
    EXPERT_MISSION = "expert_mission", _("Expert mission on site")
    REMOTE_MISSION = "remote_mission", _("Remote mission")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop or seminar")
    WEBINAR = "webinar", _("Webinar")
    PEER_REVIEW = "peer_review", _("Peer review")
