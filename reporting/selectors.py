"""The figures of the dashboards and of the public page, each aggregated by the database.

Every selector runs a fixed number of queries (one, or two or three for the medians and the
roster), whatever the number of requests: counts, sums and averages come from ``aggregate`` and
``values().annotate()`` with conditional aggregation, never from a loop over rows. See
``docs/reporting.md`` for what each figure counts.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from cooperation.filters import PARTNER_REGIONS
from cooperation.models import Action, ActionStatus, Request, RequestStatus
from experts.models import ExpertLanguage, ExpertTheme, RosterStatus
from missions.models import Feedback, Invitation, Mission, MissionStatus
from partners.models import Institution
from reference.models import ActivityType, LanguageLevel, ThematicArea

from .aggregates import median_days
from .scope import (
    DELIVERED_MISSIONS,
    Audience,
    DashboardFilters,
    accepted_invitations_in_scope,
    actions_in_scope,
    feedback_in_scope,
    missions_in_scope,
    requests_in_scope,
    theme_match,
)

COMPLETED_ACTIONS = (ActionStatus.COMPLETED, ActionStatus.CLOSED)
FEEDBACK_DIMENSIONS = ("relevance", "expertise", "organisation", "usefulness")
# The roster counts an expert for a language they work in: B2 or better, as matching requires.
WORKING_LANGUAGE_LEVEL = LanguageLevel.B2
PUBLIC_ACTIONS_PER_PAGE = 25


def _sum(field: str, *, where: Q | None = None) -> Coalesce:
    """``Sum`` that gives 0, not None, when no row is summed."""
    return Coalesce(Sum(field, filter=where), Value(0), output_field=IntegerField())


# --- Requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFigures:
    """What became of the requests received in the period."""

    received: int
    decided: int
    accepted: int
    rejected: int
    withdrawn: int
    open: int
    converted: int
    completed: int
    median_days_to_decision: float | None
    median_days_to_first_mission: float | None

    @property
    def conversion_rate(self) -> float | None:
        """Share of the requests received that became an action, in per cent."""
        return self.share(self.converted)

    def share(self, count: int) -> float | None:
        return 100 * count / self.received if self.received else None


def request_figures(*, audience: Audience, filters: DashboardFilters) -> RequestFigures:
    """Counts by outcome in one query, then the two medians (one query each)."""
    requests = requests_in_scope(audience=audience, filters=filters)
    counts = requests.aggregate(
        received=Count("pk"),
        decided=Count("pk", filter=Q(status__in=RequestStatus.decided_states())),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=RequestStatus.REJECTED)),
        withdrawn=Count("pk", filter=Q(status=RequestStatus.WITHDRAWN)),
        open=Count("pk", filter=Q(status__in=RequestStatus.open_states())),
        converted=Count("pk", filter=Q(action__isnull=False)),
        completed=Count("pk", filter=Q(action__status__in=COMPLETED_ACTIONS)),
    )
    first_mission = (
        Mission.objects.filter(action_id=OuterRef("action_id"))
        .exclude(status=MissionStatus.CANCELLED)
        .order_by("start_date")
        .values("start_date")[:1]
    )
    return RequestFigures(
        **counts,
        median_days_to_decision=median_days(
            requests.filter(decided_at__isnull=False),
            ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField()),
        ),
        median_days_to_first_mission=median_days(
            requests.filter(decided_at__isnull=False, action__isnull=False),
            ExpressionWrapper(
                Subquery(first_mission) - TruncDate("decided_at"), output_field=DurationField()
            ),
        ),
    )


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    counts: tuple[int, ...]  # one per region of ``RequestsByMonth.regions``

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class RequestsByMonth:
    regions: tuple[tuple[str, str], ...]  # (value, label), in the order of ``Region``
    rows: tuple[MonthRow, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(len(self.regions)))


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def requests_by_month(*, audience: Audience, filters: DashboardFilters) -> RequestsByMonth:
    """Requests received per month and region of the lead institution.

    Every month of the period is listed, with zeros where nothing came in; without both bounds,
    the months from the first to the last request. The regions are those with requests (or the
    one chosen).
    """
    grouped = (
        requests_in_scope(audience=audience, filters=filters)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", region=F("lead_institution__country__region"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[datetime.date, str], int] = {}
    for row in grouped:
        month = timezone.localtime(row["month"]).date()
        counts[month, row["region"]] = counts.get((month, row["region"]), 0) + row["n"]
    present = {region for _month, region in counts}
    regions = tuple(
        (value, label)
        for value, label in PARTNER_REGIONS
        if value == filters.region or (not filters.region and value in present)
    )
    if filters.start and filters.end:
        months = _month_starts(filters.start, filters.end)
    elif counts:
        seen = [month for month, _region in counts]
        months = _month_starts(filters.start or min(seen), filters.end or max(seen))
    else:
        months = []
    return RequestsByMonth(
        regions=regions,
        rows=tuple(
            MonthRow(
                month=month, counts=tuple(counts.get((month, value), 0) for value, _ in regions)
            )
            for month in months
        ),
    )


# --- Actions and missions ------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledCount:
    key: str
    label: str
    count: int


def actions_by_status(*, audience: Audience, filters: DashboardFilters) -> list[LabelledCount]:
    counts = dict(
        actions_in_scope(audience=audience, filters=filters)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        LabelledCount(key=value, label=label, count=counts.get(value, 0))
        for value, label in ActionStatus.choices
    ]


@dataclass(frozen=True)
class MissionCount:
    key: str
    label: str
    missions: int
    delivered: int


_MISSION_COUNTS = {
    "missions": Count("pk"),
    "delivered": Count("pk", filter=Q(status__in=DELIVERED_MISSIONS)),
}


def missions_by_type(*, audience: Audience, filters: DashboardFilters) -> list[MissionCount]:
    """Every activity type, with the missions in scope and those delivered."""
    grouped = {
        row["activity_type"]: row
        for row in missions_in_scope(audience=audience, filters=filters)
        .values("activity_type")
        .annotate(**_MISSION_COUNTS)
        .order_by()
    }
    return [
        MissionCount(
            key=value,
            label=label,
            missions=grouped.get(value, {}).get("missions", 0),
            delivered=grouped.get(value, {}).get("delivered", 0),
        )
        for value, label in ActivityType.choices
    ]


def missions_by_country(*, audience: Audience, filters: DashboardFilters) -> list[MissionCount]:
    """The countries where missions take place, most missions first; remote missions (no
    country) have the key ``""``."""
    grouped = (
        missions_in_scope(audience=audience, filters=filters)
        .values("country_id", "country__name")
        .annotate(**_MISSION_COUNTS)
        .order_by("-missions", F("country__name").asc(nulls_last=True))
    )
    return [
        MissionCount(
            key=row["country_id"] or "",
            label=row["country__name"] or "",
            missions=row["missions"],
            delivered=row["delivered"],
        )
        for row in grouped
    ]


# --- Experts and feedback ------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberStateRow:
    key: str
    label: str  # "" when the expert has not stated a nationality
    experts: int
    expert_days: int


@dataclass(frozen=True)
class ExpertFigures:
    rows: tuple[MemberStateRow, ...]

    @property
    def experts(self) -> int:
        """Each expert has one nationality, so the rows add up to the distinct experts."""
        return sum(row.experts for row in self.rows)

    @property
    def expert_days(self) -> int:
        return sum(row.expert_days for row in self.rows)

    @property
    def member_states(self) -> int:
        return sum(1 for row in self.rows if row.key)


def experts_by_member_state(*, audience: Audience, filters: DashboardFilters) -> ExpertFigures:
    """Experts mobilised (distinct experts with an accepted place on a mission in scope) and the
    expert-days they delivered (the mission's expert-days for each accepted expert, on completed,
    reported and closed missions), by nationality."""
    grouped = (
        accepted_invitations_in_scope(audience=audience, filters=filters)
        .values("expert__nationality_id", "expert__nationality__name")
        .annotate(
            experts=Count("expert", distinct=True),
            expert_days=_sum(
                "mission__expert_days", where=Q(mission__status__in=DELIVERED_MISSIONS)
            ),
        )
        .order_by("-experts", F("expert__nationality__name").asc(nulls_last=True))
    )
    return ExpertFigures(
        rows=tuple(
            MemberStateRow(
                key=row["expert__nationality_id"] or "",
                label=row["expert__nationality__name"] or "",
                experts=row["experts"],
                expert_days=row["expert_days"],
            )
            for row in grouped
        )
    )


@dataclass(frozen=True)
class DimensionAverage:
    key: str
    label: str
    average: float | None


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    dimensions: tuple[DimensionAverage, ...]

    @property
    def overall(self) -> float | None:
        """The mean of the dimensions' averages (each answer scores every dimension)."""
        values = [d.average for d in self.dimensions if d.average is not None]
        return sum(values) / len(values) if values else None


def satisfaction(*, audience: Audience, filters: DashboardFilters) -> Satisfaction:
    """Average partner rating (1 to 5) per feedback dimension, in one query."""
    result = feedback_in_scope(audience=audience, filters=filters).aggregate(
        responses=Count("pk"), **{name: Avg(name) for name in FEEDBACK_DIMENSIONS}
    )
    return Satisfaction(
        responses=result["responses"],
        dimensions=tuple(
            DimensionAverage(
                key=name,
                label=str(Feedback._meta.get_field(name).verbose_name),
                average=result[name],
            )
            for name in FEEDBACK_DIMENSIONS
        ),
    )


@dataclass(frozen=True)
class ExpertMissionFigures:
    missions: int
    delivered: int
    days_delivered: int
    days_planned: int


def expert_mission_figures(
    *, audience: Audience, filters: DashboardFilters
) -> ExpertMissionFigures:
    """An expert's missions in the period and their days (a mission's expert-days are each
    expert's), delivered or still to come."""
    delivered = Q(status__in=DELIVERED_MISSIONS)
    result = missions_in_scope(audience=audience, filters=filters).aggregate(
        missions=Count("pk"),
        delivered=Count("pk", filter=delivered),
        days_delivered=_sum("expert_days", where=delivered),
        days_planned=_sum("expert_days", where=~delivered),
    )
    return ExpertMissionFigures(**result)


def expert_missions(*, audience: Audience, filters: DashboardFilters) -> QuerySet[Mission]:
    """An expert's own missions in the period, in date order."""
    return (
        missions_in_scope(audience=audience, filters=filters)
        .select_related("action", "country")
        .order_by("start_date", "pk")
    )


# --- The roster against the demand ---------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """Requests in the period asking for a theme or language, against the approved experts who
    offer it."""

    key: str
    label: str
    requests: int
    experts: int
    thinnest: bool = False

    @property
    def requests_per_expert(self) -> float | None:
        return self.requests / self.experts if self.experts else None

    @property
    def thinness(self) -> float:
        """How thin the roster is here: requests per expert, infinite with demand and no expert."""
        if not self.experts:
            return float("inf") if self.requests else 0.0
        return self.requests / self.experts


def _coverage(
    demand: dict[str, tuple[str, int]], supply: dict[str, tuple[str, int]]
) -> list[CoverageRow]:
    """Merge demand and supply by key; thinnest first, the thinnest ones (with demand) flagged."""
    rows = [
        CoverageRow(
            key=key,
            label=(demand.get(key) or supply[key])[0],
            requests=demand.get(key, ("", 0))[1],
            experts=supply.get(key, ("", 0))[1],
        )
        for key in demand.keys() | supply.keys()
    ]
    rows.sort(key=lambda row: (-row.thinness, -row.requests, row.label))
    worst = rows[0].thinness if rows and rows[0].requests else None
    return [
        dataclasses.replace(row, thinnest=row.requests > 0 and row.thinness == worst)
        for row in rows
    ]


def _theme_label(name: str, parent_name: str | None) -> str:
    return f"{parent_name} › {name}" if parent_name else name


def roster_by_theme(*, audience: Audience, filters: DashboardFilters) -> list[CoverageRow]:
    """Per thematic area: requests received in the period, approved experts (programme only)."""
    if not audience.is_programme:
        return []
    demand_rows = Request.themes.through.objects.filter(
        request__in=requests_in_scope(audience=audience, filters=filters)
    )
    supply_rows = ExpertTheme.objects.filter(expert__roster_status=RosterStatus.APPROVED)
    if filters.theme:
        demand_rows = demand_rows.filter(theme_match(filters.theme, "thematicarea"))
        supply_rows = supply_rows.filter(theme_match(filters.theme, "theme"))
    demand = {
        str(row["thematicarea_id"]): (
            _theme_label(row["thematicarea__name"], row["thematicarea__parent__name"]),
            row["n"],
        )
        for row in demand_rows.values(
            "thematicarea_id", "thematicarea__name", "thematicarea__parent__name"
        ).annotate(n=Count("request_id"))
    }
    supply = {
        str(row["theme_id"]): (
            _theme_label(row["theme__name"], row["theme__parent__name"]),
            row["n"],
        )
        for row in supply_rows.values("theme_id", "theme__name", "theme__parent__name").annotate(
            n=Count("expert_id")
        )
    }
    return _coverage(demand, supply)


def roster_by_language(*, audience: Audience, filters: DashboardFilters) -> list[CoverageRow]:
    """Per working language: requests received in the period asking for it, approved experts who
    speak it at B2 or better (programme only)."""
    if not audience.is_programme:
        return []
    demand = {
        row["language_id"]: (row["language__name"], row["n"])
        for row in Request.languages.through.objects.filter(
            request__in=requests_in_scope(audience=audience, filters=filters)
        )
        .values("language_id", "language__name")
        .annotate(n=Count("request_id"))
    }
    supply = {
        row["language_id"]: (row["language__name"], row["n"])
        for row in ExpertLanguage.objects.filter(
            expert__roster_status=RosterStatus.APPROVED, level__gte=WORKING_LANGUAGE_LEVEL
        )
        .values("language_id", "language__name")
        .annotate(n=Count("expert_id"))
    }
    return _coverage(demand, supply)


# --- One dashboard -------------------------------------------------------------------------------


class Dashboard:
    """The figures of one audience and filter set, each computed on first use and kept.

    A page reads them all; an export of one table reads only what that table needs.
    """

    def __init__(self, *, audience: Audience, filters: DashboardFilters) -> None:
        self.audience = audience
        self.filters = filters

    def _scope(self) -> dict:
        return {"audience": self.audience, "filters": self.filters}

    @cached_property
    def requests(self) -> RequestFigures:
        return request_figures(**self._scope())

    @cached_property
    def requests_by_month(self) -> RequestsByMonth:
        return requests_by_month(**self._scope())

    @cached_property
    def actions_by_status(self) -> list[LabelledCount]:
        return actions_by_status(**self._scope())

    @cached_property
    def missions_by_type(self) -> list[MissionCount]:
        return missions_by_type(**self._scope())

    @cached_property
    def missions_by_country(self) -> list[MissionCount]:
        return missions_by_country(**self._scope())

    @cached_property
    def experts(self) -> ExpertFigures:
        return experts_by_member_state(**self._scope())

    @cached_property
    def satisfaction(self) -> Satisfaction:
        return satisfaction(**self._scope())

    @cached_property
    def roster_by_theme(self) -> list[CoverageRow]:
        return roster_by_theme(**self._scope())

    @cached_property
    def roster_by_language(self) -> list[CoverageRow]:
        return roster_by_language(**self._scope())

    @cached_property
    def expert_missions(self) -> list[Mission]:
        return list(expert_missions(**self._scope()))

    @cached_property
    def expert_mission_figures(self) -> ExpertMissionFigures:
        return expert_mission_figures(**self._scope())

    @property
    def missions(self) -> int:
        return sum(row.missions for row in self.missions_by_type)

    @property
    def missions_delivered(self) -> int:
        return sum(row.delivered for row in self.missions_by_type)


# --- The programme in numbers (public) -----------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeTotals:
    requests: int
    partner_countries: int
    actions: int
    actions_completed: int
    missions_delivered: int
    experts: int
    member_states: int
    expert_days: int


@dataclass(frozen=True)
class AreaRow:
    """A country or a theme on the public page."""

    key: str
    label: str
    requests: int = 0
    actions: int = 0
    actions_completed: int = 0
    missions_delivered: int = 0


@dataclass(frozen=True)
class ProgrammeNumbers:
    totals: ProgrammeTotals
    countries: tuple[AreaRow, ...]
    themes: tuple[AreaRow, ...]


_ACTION_COUNTS = {
    "actions": Count("action_id", distinct=True),
    "actions_completed": Count(
        "action_id", distinct=True, filter=Q(action__status__in=COMPLETED_ACTIONS)
    ),
}


def _received_requests() -> QuerySet[Request]:
    return requests_in_scope(audience=Audience.programme(), filters=DashboardFilters())


def _delivered_missions() -> QuerySet[Mission]:
    return Mission.objects.filter(status__in=DELIVERED_MISSIONS)


def _merge_areas(*groups: dict[str, dict]) -> tuple[AreaRow, ...]:
    """Rows of several grouped queries (each ``{key: {"label": …, <figure>: n}}``), by label."""
    merged: dict[str, dict] = defaultdict(dict)
    for group in groups:
        for key, values in group.items():
            merged[key].update(values)
    return tuple(
        sorted(
            (AreaRow(key=key, **values) for key, values in merged.items()), key=lambda r: r.label
        )
    )


def programme_numbers() -> ProgrammeNumbers:
    """The whole programme since it began: totals, and figures by partner country and theme.

    No person appears: only counts, countries, themes.
    """
    requests = _received_requests()
    request_totals = requests.aggregate(
        requests=Count("pk"), partner_countries=Count("lead_institution__country", distinct=True)
    )
    action_totals = Action.objects.aggregate(
        actions=Count("pk"), actions_completed=Count("pk", filter=Q(status__in=COMPLETED_ACTIONS))
    )
    delivered = _delivered_missions()
    expert_totals = (
        Invitation.objects.accepted()
        .filter(mission__in=delivered)
        .aggregate(
            experts=Count("expert", distinct=True),
            member_states=Count("expert__nationality", distinct=True),
            expert_days=_sum("mission__expert_days"),
        )
    )
    totals = ProgrammeTotals(
        **request_totals,
        **action_totals,
        missions_delivered=delivered.count(),
        **expert_totals,
    )

    partner_links = Action.institutions.through.objects
    countries = _merge_areas(
        {
            row["code"]: {"label": row["name"], "requests": row["n"]}
            for row in requests.values(
                code=F("lead_institution__country_id"), name=F("lead_institution__country__name")
            ).annotate(n=Count("pk"))
        },
        {
            row["code"]: {"label": row["name"], **{k: row[k] for k in _ACTION_COUNTS}}
            for row in partner_links.values(
                code=F("institution__country_id"), name=F("institution__country__name")
            ).annotate(**_ACTION_COUNTS)
        },
        {
            row["code"]: {"label": row["name"], "missions_delivered": row["n"]}
            for row in partner_links.filter(action__missions__in=delivered)
            .values(code=F("institution__country_id"), name=F("institution__country__name"))
            .annotate(n=Count("action__missions", distinct=True))
        },
    )
    themes = _merge_areas(
        {
            str(row["thematicarea_id"]): {
                "label": _theme_label(row["thematicarea__name"], row["thematicarea__parent__name"]),
                "requests": row["n"],
            }
            for row in Request.themes.through.objects.filter(request__in=requests)
            .values("thematicarea_id", "thematicarea__name", "thematicarea__parent__name")
            .annotate(n=Count("request_id"))
        },
        {
            str(row["thematicarea_id"]): {
                "label": _theme_label(row["thematicarea__name"], row["thematicarea__parent__name"]),
                **{k: row[k] for k in _ACTION_COUNTS},
            }
            for row in Action.themes.through.objects.values(
                "thematicarea_id", "thematicarea__name", "thematicarea__parent__name"
            ).annotate(**_ACTION_COUNTS)
        },
    )
    return ProgrammeNumbers(totals=totals, countries=countries, themes=themes)


def completed_actions_page(page_number: str | int | None) -> Page:
    """Completed and closed actions, latest first, with their partner institutions (and their
    countries) and themes: four queries per page."""
    actions = (
        Action.objects.filter(status__in=COMPLETED_ACTIONS)
        .only("reference", "title", "period_start", "period_end", "status")
        .prefetch_related(
            Prefetch("institutions", Institution.objects.select_related("country")),
            Prefetch("themes", ThematicArea.objects.select_related("parent")),
        )
        .order_by(F("period_end").desc(nulls_last=True), "-pk")
    )
    return Paginator(actions, PUBLIC_ACTIONS_PER_PAGE).get_page(page_number)
