"""The dashboards' tables: one builder per table, shared by the page and the exports.

A builder reads what it needs from a ``Dashboard`` (which computes only that) and returns a
``Table`` of plain values: the page formats them for people (``Table.display_rows``), the CSV and
XLSX exports write them as they are.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .scope import AudienceKind
from .selectors import AreaRow, CoverageRow, Dashboard, ProgrammeNumbers, RequestFigures

NO_VALUE = "–"


class Format(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONTH = "month"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    label: str
    format: Format = Format.TEXT

    @property
    def numeric(self) -> bool:
        return self.format == Format.NUMBER


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    empty: bool  # no value: shown as a dash


def _display(value, column_format: Format) -> str:
    if value is None:
        return NO_VALUE
    if column_format == Format.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    if column_format == Format.DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return str(value)


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    footer: tuple | None = None  # a "Total" row
    slug: str = ""

    @property
    def headers(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def _cells(self, row: tuple) -> list[Cell]:
        return [
            Cell(text=_display(value, column.format), numeric=column.numeric, empty=value is None)
            for value, column in zip(row, self.columns, strict=True)
        ]

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self._cells(row) for row in self.rows]

    @property
    def display_footer(self) -> list[Cell] | None:
        return self._cells(self.footer) if self.footer else None

    @property
    def export_rows(self) -> list[tuple]:
        """The rows and the total, with labels as text (CSV and XLSX need plain values)."""
        rows = [*self.rows, self.footer] if self.footer else list(self.rows)
        return [tuple(str(v) if isinstance(v, Promise) else v for v in row) for row in rows]


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


TOTAL = _("Total")
REQUESTS = _("Requests")
MISSIONS = _("Missions")
DELIVERED = _("Delivered")
NOT_STATED = _("Not stated")
REMOTE = _("Remote or no country")
UNIT_PERCENT = "%"
UNIT_DAYS = _("days")
UNIT_RATING = _("out of 5")


# --- Builders ------------------------------------------------------------------------------------


def key_figures(d: Dashboard) -> Table:
    r = d.requests
    return Table(
        title=_("Key figures"),
        columns=(Column(_("Figure")), Column(_("Value"), Format.NUMBER), Column(_("Unit"))),
        rows=(
            (_("Requests received"), r.received, ""),
            (_("Requests accepted"), r.accepted, ""),
            (_("Requests rejected"), r.rejected, ""),
            (
                _("Conversion rate from request to action"),
                _one_decimal(r.conversion_rate),
                UNIT_PERCENT,
            ),
            (
                _("Median time from submission to decision"),
                _one_decimal(r.median_days_to_decision),
                UNIT_DAYS,
            ),
            (
                _("Median time from decision to the first mission"),
                _one_decimal(r.median_days_to_first_mission),
                UNIT_DAYS,
            ),
            (_("Missions"), d.missions, ""),
            (_("Missions delivered"), d.missions_delivered, ""),
            (_("Experts mobilised"), d.experts.experts, ""),
            (_("Member states the experts come from"), d.experts.member_states, ""),
            (_("Expert-days delivered"), d.experts.expert_days, ""),
            (_("Average partner satisfaction"), _one_decimal(d.satisfaction.overall), UNIT_RATING),
        ),
    )


def request_stages(r: RequestFigures) -> list[tuple[str, str, int]]:
    """``(key, label, requests)`` for each outcome of the requests received."""
    return [
        ("received", _("Received"), r.received),
        ("decided", _("Decided"), r.decided),
        ("accepted", _("Accepted"), r.accepted),
        ("rejected", _("Rejected"), r.rejected),
        ("withdrawn", _("Withdrawn"), r.withdrawn),
        ("open", _("Still open"), r.open),
        ("converted", _("Became an action"), r.converted),
        ("completed", _("Action completed"), r.completed),
    ]


# The stages the conversion funnel draws, in order.
FUNNEL_STAGES = ("received", "decided", "accepted", "converted", "completed")


def requests(d: Dashboard) -> Table:
    r = d.requests
    return Table(
        title=_("What became of the requests received"),
        columns=(
            Column(_("Stage")),
            Column(REQUESTS, Format.NUMBER),
            Column(_("Share of those received (%)"), Format.NUMBER),
        ),
        rows=tuple(
            (label, count, _one_decimal(r.share(count))) for _key, label, count in request_stages(r)
        ),
    )


def requests_by_month(d: Dashboard) -> Table:
    series = d.requests_by_month
    return Table(
        title=_("Requests received per month, by region"),
        columns=(
            Column(_("Month"), Format.MONTH),
            *(Column(label, Format.NUMBER) for _value, label in series.regions),
            Column(TOTAL, Format.NUMBER),
        ),
        rows=tuple((row.month, *row.counts, row.total) for row in series.rows),
        footer=(TOTAL, *series.totals, sum(series.totals)),
    )


def actions_by_status(d: Dashboard) -> Table:
    rows = d.actions_by_status
    return Table(
        title=_("Actions by status"),
        columns=(Column(_("Status")), Column(_("Actions"), Format.NUMBER)),
        rows=tuple((row.label, row.count) for row in rows),
        footer=(TOTAL, sum(row.count for row in rows)),
    )


def _missions_table(title: str, first_column: str, rows, empty_label: str = "") -> Table:
    return Table(
        title=title,
        columns=(
            Column(first_column),
            Column(MISSIONS, Format.NUMBER),
            Column(DELIVERED, Format.NUMBER),
        ),
        rows=tuple((row.label or empty_label, row.missions, row.delivered) for row in rows),
        footer=(TOTAL, sum(r.missions for r in rows), sum(r.delivered for r in rows)),
    )


def missions_by_type(d: Dashboard) -> Table:
    return _missions_table(_("Missions by type"), _("Type"), d.missions_by_type)


def missions_by_country(d: Dashboard) -> Table:
    return _missions_table(
        _("Missions by country"), _("Country"), d.missions_by_country, empty_label=REMOTE
    )


def experts_by_member_state(d: Dashboard) -> Table:
    figures = d.experts
    return Table(
        title=_("Experts mobilised by member state"),
        columns=(
            Column(_("Member state")),
            Column(_("Experts"), Format.NUMBER),
            Column(_("Expert-days delivered"), Format.NUMBER),
        ),
        rows=tuple((row.label or NOT_STATED, row.experts, row.expert_days) for row in figures.rows),
        footer=(TOTAL, figures.experts, figures.expert_days),
    )


def satisfaction(d: Dashboard) -> Table:
    s = d.satisfaction
    return Table(
        title=_("Average partner satisfaction per dimension"),
        columns=(
            Column(_("Dimension")),
            Column(_("Average rating (1 to 5)"), Format.NUMBER),
            Column(_("Answers"), Format.NUMBER),
        ),
        rows=tuple(
            (capfirst(row.label), _one_decimal(row.average), s.responses) for row in s.dimensions
        ),
        footer=(_("All dimensions"), _one_decimal(s.overall), s.responses),
    )


def _coverage_note(row: CoverageRow) -> str:
    if row.thinnest:
        return str(_("Thinnest")) if row.experts else str(_("Thinnest: no expert"))
    return ""


def _coverage_table(title: str, first_column: str, experts: str, rows) -> Table:
    return Table(
        title=title,
        columns=(
            Column(first_column),
            Column(_("Requests in the period"), Format.NUMBER),
            Column(experts, Format.NUMBER),
            Column(_("Requests per expert"), Format.NUMBER),
            Column(_("Roster")),
        ),
        rows=tuple(
            (
                row.label,
                row.requests,
                row.experts,
                _one_decimal(row.requests_per_expert),
                _coverage_note(row),
            )
            for row in rows
        ),
    )


def roster_by_theme(d: Dashboard) -> Table:
    return _coverage_table(
        _("The roster against the demand, by thematic area"),
        _("Thematic area"),
        _("Approved experts"),
        d.roster_by_theme,
    )


def roster_by_language(d: Dashboard) -> Table:
    return _coverage_table(
        _("The roster against the demand, by working language"),
        _("Language"),
        _("Approved experts at B2 or better"),
        d.roster_by_language,
    )


def expert_key_figures(d: Dashboard) -> Table:
    f = d.expert_mission_figures
    return Table(
        title=_("Key figures"),
        columns=(Column(_("Figure")), Column(_("Value"), Format.NUMBER), Column(_("Unit"))),
        rows=(
            (_("Missions"), f.missions, ""),
            (_("Missions delivered"), f.delivered, ""),
            (_("Expert-days delivered"), f.days_delivered, ""),
            (_("Expert-days still to come"), f.days_planned, ""),
        ),
    )


def expert_missions(d: Dashboard) -> Table:
    return Table(
        title=_("My missions"),
        columns=(
            Column(pgettext_lazy("a mission's reference", "Reference")),
            Column(_("Title")),
            Column(_("Type")),
            Column(_("Where")),
            Column(_("Start"), Format.DATE),
            Column(_("End"), Format.DATE),
            Column(_("Status")),
            Column(_("Expert-days"), Format.NUMBER),
        ),
        rows=tuple(
            (
                mission.reference,
                mission.title,
                mission.get_activity_type_display(),
                mission.location,
                mission.start_date,
                mission.end_date,
                mission.get_status_display(),
                mission.expert_days,
            )
            for mission in d.expert_missions
        ),
    )


# --- The programme in numbers (public) ----------------------------------------------------------


def _area_table(
    slug: str, title: str, first_column: str, rows: tuple[AreaRow, ...], figures
) -> Table:
    """No total row: an action with partners in two countries, or with two themes, counts under
    each, so the programme's totals are the key figures above the tables."""
    return Table(
        title=title,
        columns=(Column(first_column), *(Column(label, Format.NUMBER) for _n, label in figures)),
        rows=tuple((row.label, *(getattr(row, name) for name, _l in figures)) for row in rows),
        slug=slug,
    )


_AREA_FIGURES = (
    ("requests", _("Requests received")),
    ("actions", _("Actions")),
    ("actions_completed", _("Actions completed")),
)


def public_countries(numbers: ProgrammeNumbers) -> Table:
    return _area_table(
        "countries",
        _("By partner country"),
        _("Country"),
        numbers.countries,
        (*_AREA_FIGURES, ("missions_delivered", _("Missions delivered"))),
    )


def public_themes(numbers: ProgrammeNumbers) -> Table:
    return _area_table(
        "themes", _("By thematic area"), _("Thematic area"), numbers.themes, _AREA_FIGURES
    )


# --- Which tables each audience has ------------------------------------------------------------

TableBuilder = Callable[[Dashboard], Table]

TABLES: dict[str, TableBuilder] = {
    builder.__name__: builder
    for builder in (
        key_figures,
        requests,
        requests_by_month,
        actions_by_status,
        missions_by_type,
        missions_by_country,
        experts_by_member_state,
        satisfaction,
        roster_by_theme,
        roster_by_language,
        expert_key_figures,
        expert_missions,
    )
}

ROSTER_TABLES = ("roster_by_theme", "roster_by_language")
INSTITUTION_TABLES = (
    "key_figures",
    "requests",
    "requests_by_month",
    "actions_by_status",
    "missions_by_type",
    "missions_by_country",
    "experts_by_member_state",
    "satisfaction",
)
TABLES_BY_AUDIENCE: dict[AudienceKind, tuple[str, ...]] = {
    AudienceKind.PROGRAMME: (*INSTITUTION_TABLES, *ROSTER_TABLES),
    AudienceKind.INSTITUTIONS: INSTITUTION_TABLES,
    AudienceKind.EXPERT: (
        "expert_key_figures",
        "missions_by_type",
        "missions_by_country",
        "expert_missions",
    ),
}


def build_table(slug: str, dashboard: Dashboard) -> Table:
    return dataclasses.replace(TABLES[slug](dashboard), slug=slug)


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    """Every table of the dashboard's audience, by slug."""
    return {
        slug: build_table(slug, dashboard) for slug in TABLES_BY_AUDIENCE[dashboard.audience.kind]
    }
