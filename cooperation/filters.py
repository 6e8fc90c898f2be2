"""FilterSets of the request and action lists."""

import datetime

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import STAFF_ROLES, User
from partners.models import Institution, InstitutionType
from partners.selectors import institutions_of
from reference.models import Country, Region, ThematicArea

from .lookups import ILike
from .menus import cached_choices
from .models import Action, ActionStatus, Request, RequestStatus
from .widgets import fast_selects

# --- The partner's "My requests" (issue 3) -----------------------------------------------------


def partner_institutions(request=None) -> QuerySet:
    """The institutions the partner belongs to (the institution filter's choices)."""
    if request is None:
        return Institution.objects.none()
    return institutions_of(request.user).order_by("name")


class PartnerRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        help_text=_("Reference or words of the title."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RequestStatus.choices, empty_label=_("Any status")
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        field_name="lead_institution",
        queryset=partner_institutions,
        empty_label=_("Any of mine"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("updated_at", "updated"),
            ("submitted_at", "submitted"),
            ("reference", "reference"),
            ("title", "title"),
            ("status", "status"),
        ),
        empty_label=_("Last changed first"),
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fast_selects(self.form)  # its menus list the partner's own institutions: not cached

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-updated_at", "-id")
        return queryset


class RequestSearchText(Func):
    """A request's reference, title, context and objectives as one text (PostgreSQL): exactly
    the expression of the trigram index ``cooperation_request_search_trgm`` (migration 0004)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("reference"), F("title"), F("context"), F("objectives"))


# --- Shared pieces of the staff lists ------------------------------------------------------------

OPEN = "open"
YES_NO = (("yes", _("Yes")), ("no", _("No")))
PARTNER_REGIONS = [(v, label) for v, label in Region.choices if v != Region.EUROPEAN_UNION]


def staff_users(request=None) -> QuerySet[User]:
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("full_name")


def partner_countries(request=None) -> QuerySet[Country]:
    return Country.objects.partners().order_by("name")


def thematic_areas(request=None) -> QuerySet[ThematicArea]:
    return ThematicArea.objects.select_related("parent").order_by("parent__name", "name")


def start_of_day(value: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def theme_or_sub_area(theme: ThematicArea) -> Q:
    """A theme matches itself and, for a top-level area, every sub-area under it."""
    return Q(thematicarea_id=theme.pk) | Q(thematicarea__parent_id=theme.pk)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort by the chosen column, then newest first, so that pages never overlap."""

    tie_breaker = ("-id",)

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if value:
            return ordered.order_by(*ordered.query.order_by, *self.tie_breaker)
        return ordered


class StaffListFilter(django_filters.FilterSet):
    """What the staff request queue and the action list share: officer, "mine", search."""

    form_is_shared = True  # the same form for every staff viewer (cooperation.menus)

    officer = django_filters.ModelChoiceFilter(
        label=_("Officer"),
        field_name="assigned_officer",
        queryset=staff_users,
        null_label=_("Not assigned"),
        empty_label=_("Any officer"),
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), method="filter_mine", widget=forms.CheckboxInput
    )

    # Shown after each list's own filters, the sort last.
    TRAILING = ("officer", "mine", "sort")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TRAILING:
            self.filters.move_to_end(name)
        fast_selects(self.form)

    def filter_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value or self.request is None:
            return queryset
        return queryset.filter(assigned_officer=self.request.user)


# --- The staff request queue ---------------------------------------------------------------------


class StaffRequestFilter(StaffListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Reference, title, institution or text of the request."),
        max_length=200,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[
            (OPEN, _("Open (not decided)")),
            *[(v, label) for v, label in RequestStatus.choices if v != RequestStatus.DRAFT],
        ],
        empty_label=_("Any status"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="lead_institution__country__region",
        choices=PARTNER_REGIONS,
        empty_label=_("Any region"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        method="filter_country",
        queryset=partner_countries,
        empty_label=_("Any country"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        method="filter_theme",
        queryset=thematic_areas,
        empty_label=_("Any thematic area"),
    )
    institution_type = django_filters.ChoiceFilter(
        label=_("Institution type"),
        field_name="lead_institution__type",
        choices=InstitutionType.choices,
        empty_label=_("Any type"),
    )
    verified = django_filters.ChoiceFilter(
        label=_("Verified institution"),
        method="filter_verified",
        choices=YES_NO,
        empty_label=_("Either"),
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), method="filter_submitted_from", widget=date_input()
    )
    submitted_until = django_filters.DateFilter(
        label=_("Submitted until"), method="filter_submitted_until", widget=date_input()
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=_("Newest first"),
        fields=(
            ("reference", "reference"),
            ("title", "title"),
            ("lead_institution__name", "institution"),
            ("lead_institution__country__name", "country"),
            ("status", "status"),
            ("assigned_officer__full_name", "officer"),
            ("submitted_at", "submitted"),
        ),
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._institution_matches: dict[str, list[int]] = {}
        self._theme_ids: dict[int, list[int]] = {}
        cached_choices(self.form, {"country": "queue-countries", "theme": "queue-themes"})

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The words as typed, anywhere in the reference, title, context, objectives or the lead
        institution's names (or its exact acronym), case-insensitively: ``icontains``.

        On PostgreSQL the request's four columns are searched as one text, the one the trigram
        index of migration 0004 holds, and the institutions first (a small table), so that the
        database combines two indexes instead of reading every request. Same results, except
        that a phrase may run from the end of one column into the next.
        """
        value = value.strip()
        if not value:
            return queryset
        institution = (
            Q(name__icontains=value) | Q(name_local__icontains=value) | Q(acronym__iexact=value)
        )
        if connections[queryset.db].vendor != "postgresql":
            return queryset.filter(
                Q(reference__icontains=value)
                | Q(title__icontains=value)
                | Q(context__icontains=value)
                | Q(objectives__icontains=value)
                | Q(lead_institution__in=Institution.objects.filter(institution))
            )
        pattern = f"%{connections[queryset.db].ops.prep_for_like_query(value)}%"
        if value not in self._institution_matches:  # the page and the counts share the list
            matches = Institution.objects.filter(institution).values_list("pk", flat=True)
            self._institution_matches[value] = list(matches)
        return queryset.filter(
            ILike(RequestSearchText(), pattern)
            | Q(lead_institution__in=self._institution_matches[value])
        )

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(status__in=RequestStatus.open_states())
        return queryset.filter(status=value)

    def filter_country(self, queryset: QuerySet, name: str, value: Country) -> QuerySet:
        """The request's own copy of its lead institution's country, indexed with the queue's
        order and with the status: no join, no list of the country's institutions."""
        return queryset.filter(country=value)

    def filter_theme(self, queryset: QuerySet, name: str, value: ThematicArea) -> QuerySet:
        """The theme's ids (an area stands for its sub-areas; the taxonomy has two levels), so
        that each request is checked on the (request, theme) index with no join."""
        if value.pk not in self._theme_ids:  # the page and the counts share the list
            ids = [value.pk]
            if value.parent_id is None:
                sub_areas = ThematicArea.objects.filter(parent=value).order_by()
                ids += sub_areas.values_list("pk", flat=True)
            self._theme_ids[value.pk] = ids
        themes = Request.themes.through.objects.filter(
            request_id=OuterRef("pk"), thematicarea_id__in=self._theme_ids[value.pk]
        )
        return queryset.filter(Exists(themes))

    def filter_verified(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        verified = Q(lead_institution__verification_status="verified")
        return queryset.filter(verified if value == "yes" else ~verified)

    def filter_submitted_from(self, queryset, name, value: datetime.date) -> QuerySet:
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_submitted_until(self, queryset, name, value: datetime.date) -> QuerySet:
        return queryset.filter(submitted_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def is_unfiltered(self) -> bool:
        """True when only the status and the order are chosen (every request is counted)."""
        self.is_valid()
        return not any(
            value
            for name, value in self.form.cleaned_data.items()
            if name not in ("status", "sort")
        )

    def qs_any_status(self) -> QuerySet:
        """Filtered by everything but the status: the base of the counts per status."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.is_valid()  # Fills cleaned_data with the valid filters, as ``qs`` does.
        for name, value in self.form.cleaned_data.items():
            if name != "status":
                queryset = self.filters[name].filter(queryset, value)
        return queryset


QUEUE_KEYS = ("-submitted_at", "-id")


def queue_keyset(filterset: StaffRequestFilter) -> tuple[str, ...] | None:
    """The queue's keyset ordering, when it is sorted newest first (the default), else None."""
    filterset.is_valid()  # fills cleaned_data with the valid filters
    sort = filterset.form.cleaned_data.get("sort")
    if sort and list(sort) != ["-submitted"]:
        return None
    return QUEUE_KEYS


# --- The staff action list -----------------------------------------------------------------------


class ActionFilter(StaffListFilter):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Reference, title or partner institution."),
        max_length=200,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any status")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        method="filter_region",
        choices=PARTNER_REGIONS,
        empty_label=_("Any region"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        method="filter_country",
        queryset=partner_countries,
        empty_label=_("Any country"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        method="filter_theme",
        queryset=thematic_areas,
        empty_label=_("Any thematic area"),
    )
    starts_from = django_filters.DateFilter(
        label=_("Starts from"), field_name="period_start", lookup_expr="gte", widget=date_input()
    )
    starts_until = django_filters.DateFilter(
        label=_("Starts until"), field_name="period_start", lookup_expr="lte", widget=date_input()
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=_("Newest first"),
        fields=(
            ("reference", "reference"),
            ("title", "title"),
            ("status", "status"),
            ("assigned_officer__full_name", "officer"),
            ("period_start", "start"),
            ("created_at", "created"),
        ),
    )

    class Meta:
        model = Action
        fields: list[str] = []

    @staticmethod
    def _with_institution(queryset: QuerySet, condition: Q) -> QuerySet:
        partners = Action.institutions.through.objects.filter(condition, action_id=OuterRef("pk"))
        return queryset.filter(Exists(partners))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        institution = Q(institution__name__icontains=value) | Q(institution__acronym__iexact=value)
        partners = Action.institutions.through.objects.filter(institution, action_id=OuterRef("pk"))
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Exists(partners)
        )

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._with_institution(queryset, Q(institution__country__region=value))

    def filter_country(self, queryset: QuerySet, name: str, value: Country) -> QuerySet:
        return self._with_institution(queryset, Q(institution__country=value))

    def filter_theme(self, queryset: QuerySet, name: str, value: ThematicArea) -> QuerySet:
        themes = Action.themes.through.objects.filter(
            theme_or_sub_area(value), action_id=OuterRef("pk")
        )
        return queryset.filter(Exists(themes))
