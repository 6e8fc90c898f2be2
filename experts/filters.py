"""The staff's roster search.

Built for a roster of a million experts on PostgreSQL: every filter on a related table is a
correlated EXISTS served by an index that starts with the filtered column ((theme, expert),
(language, level, expert), the country index of the countries-of-experience table, (expert, start,
end) of unavailable periods, (expert, status) of invitations), so no join multiplies the rows and no
DISTINCT is needed. Free text is ``icontains`` (a trigram or full-text index can replace it on
PostgreSQL without changing the form).
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cooperation.menus import cached_choices
from cooperation.widgets import fast_selects
from reference.models import Country, Language, LanguageLevel, Region, ThematicArea

from .models import EmployerType, Expert, RosterStatus
from .selectors import experts_available_for, experts_speaking, experts_with_theme

SORTS = {
    "newest": ("-id",),
    "name": ("user__full_name", "id"),
}
DateInput = forms.DateInput(attrs={"type": "date"})


class RosterFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("min_level") and not cleaned.get("language"):
            self.add_error("language", _("Choose the language the minimum level applies to."))
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and not end:
            self.add_error("available_until", _("Give the last day of the period too."))
        elif end and not start:
            self.add_error("available_from", _("Give the first day of the period too."))
        elif start and end and end < start:
            self.add_error("available_until", _("The period ends before it starts."))
        return cleaned


def _theme_label(theme: ThematicArea) -> str:
    if theme.parent_id is None:
        return _("%(area)s (all sub-areas)") % {"area": theme.name}
    return str(theme)


class RosterFilter(django_filters.FilterSet):
    form_is_shared = True  # the same form for every staff viewer (cooperation.menus)

    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=200,
        method="filter_text",
        help_text=_("Name, position, summary or keywords."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        # Each area, then its sub-areas.
        queryset=ThematicArea.objects.select_related("parent").order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        ),
        method="filter_theme",
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Language.objects.all(), method="filter_language"
    )
    min_level = django_filters.ChoiceFilter(
        label=_("Minimum level"), choices=LanguageLevel.choices, method="filter_min_level"
    )
    nationality = django_filters.ModelChoiceFilter(
        label=_("Nationality"), queryset=Country.objects.order_by("name")
    )
    experience_country = django_filters.ModelChoiceFilter(
        label=_("Experience in country"),
        queryset=Country.objects.partners().order_by("name"),
        method="filter_experience_country",
    )
    experience_region = django_filters.ChoiceFilter(
        label=_("Experience in region"),
        choices=[
            (value, label) for value, label in Region.choices if value != Region.EUROPEAN_UNION
        ],
        method="filter_experience_region",
    )
    employer_type = django_filters.ChoiceFilter(
        label=_("Employer type"), choices=EmployerType.choices
    )
    available_from = django_filters.DateFilter(
        label=_("Available from"), widget=DateInput, method="filter_available"
    )
    available_until = django_filters.DateFilter(
        label=_("Available until"), widget=DateInput, method="filter_available_until"
    )
    roster_status = django_filters.ChoiceFilter(
        label=_("Roster status"),
        choices=[
            (value, label)
            for value, label in RosterStatus.choices
            if value != RosterStatus.ANONYMISED
        ],
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("newest", _("Newest first")), ("name", _("Name"))],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Expert
        fields: list[str] = []
        form = RosterFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["theme"].label_from_instance = _theme_label
        fast_selects(self.form)
        cached_choices(
            self.form,
            {
                "theme": "roster-themes",
                "language": "roster-languages",
                "nationality": "roster-nationalities",
                "experience_country": "roster-experience-countries",
            },
        )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(user__full_name__icontains=word)
                | Q(position__icontains=word)
                | Q(summary__icontains=word)
                | Q(keywords__icontains=word)
            )
        return queryset

    def filter_theme(self, queryset: QuerySet, name: str, value: ThematicArea) -> QuerySet:
        return experts_with_theme(value, queryset)

    def filter_language(self, queryset: QuerySet, name: str, value: Language) -> QuerySet:
        min_level = self.form.cleaned_data.get("min_level")
        return experts_speaking(value, queryset, min_level=int(min_level) if min_level else None)

    def filter_min_level(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset  # applied by filter_language; the form refuses a level without a language

    def filter_experience_country(self, queryset: QuerySet, name: str, value: Country) -> QuerySet:
        through = Expert.countries_of_experience.through
        return queryset.filter(Exists(through.objects.filter(expert=OuterRef("pk"), country=value)))

    def filter_experience_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Expert.countries_of_experience.through
        return queryset.filter(
            Exists(through.objects.filter(expert=OuterRef("pk"), country__region=value))
        )

    def filter_available(self, queryset: QuerySet, name: str, value) -> QuerySet:
        end = self.form.cleaned_data.get("available_until")
        return experts_available_for(value, end, queryset) if end else queryset

    def filter_available_until(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # applied by filter_available; the form requires both days

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])


def roster_keyset(roster_filter: RosterFilter) -> tuple[str, ...] | None:
    """The keyset ordering of the roster's pages: newest first (the default), else None."""
    if roster_filter.is_bound:
        roster_filter.is_valid()  # fills cleaned_data with the valid filters
        if roster_filter.form.cleaned_data.get("sort") not in (None, "", "newest"):
            return None
    return SORTS["newest"]
