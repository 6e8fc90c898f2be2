"""CSV and XLSX exports of the staff lists, written by tablib."""

from collections.abc import Callable, Iterable
from typing import Any

import tablib
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record_create
from partners.models import Institution
from reference.models import ThematicArea

from .models import Action, Request

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local_date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _names(items: Iterable) -> str:
    return "; ".join(str(item) for item in items)


def _dataset(title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[header for header, _value in columns], title=title)
    for row in rows:
        dataset.append([_cell(value(row)) for _header, value in columns])
    return dataset


def requests_dataset(queryset: QuerySet[Request]) -> tablib.Dataset:
    """One row per request of ``queryset`` (already filtered and ordered)."""
    rows = queryset.select_related(
        "lead_institution__country", "assigned_officer"
    ).prefetch_related(Prefetch("themes", queryset=ThematicArea.objects.select_related("parent")))
    columns = [
        (_("Reference"), lambda r: r.reference),
        (_("Title"), lambda r: r.title),
        (_("Institution"), lambda r: r.lead_institution.name),
        (_("Acronym"), lambda r: r.lead_institution.acronym),
        (_("Institution type"), lambda r: r.lead_institution.get_type_display()),
        (_("Verified"), lambda r: _("yes") if r.lead_institution.is_verified else _("no")),
        (_("Country"), lambda r: r.lead_institution.country.name),
        (_("Region"), lambda r: r.lead_institution.country.get_region_display()),
        (_("Thematic areas"), lambda r: _names(r.themes.all())),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Officer"), lambda r: str(r.assigned_officer or "")),
        (_("Submitted"), lambda r: _local_date(r.submitted_at)),
        (_("Decided"), lambda r: _local_date(r.decided_at)),
    ]
    return _dataset(_("Requests"), columns, rows.iterator(chunk_size=CHUNK_SIZE))


def actions_dataset(queryset: QuerySet[Action]) -> tablib.Dataset:
    rows = queryset.select_related("assigned_officer").prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.select_related("country")),
        Prefetch("themes", queryset=ThematicArea.objects.select_related("parent")),
    )
    columns = [
        (_("Reference"), lambda a: a.reference),
        (_("Title"), lambda a: a.title),
        (_("Partner institutions"), lambda a: _names(a.institutions.all())),
        (_("Countries"), lambda a: _names(sorted({i.country.name for i in a.institutions.all()}))),
        (_("Thematic areas"), lambda a: _names(a.themes.all())),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Officer"), lambda a: str(a.assigned_officer or "")),
        (_("Start"), lambda a: a.period_start.isoformat() if a.period_start else ""),
        (_("End"), lambda a: a.period_end.isoformat() if a.period_end else ""),
        (_("Expert-days"), lambda a: a.budget_expert_days),
        (_("Budget (EUR)"), lambda a: float(a.budget_eur) if a.budget_eur is not None else None),
    ]
    return _dataset(_("Actions"), columns, rows.iterator(chunk_size=CHUNK_SIZE))


def dataset_response(
    dataset: tablib.Dataset, *, file_format: str, name: str, exported_by, filters: dict
) -> HttpResponse:
    """The dataset as a download ``<name>-<date>.<format>``; audited, as exports are sensitive."""
    response = HttpResponse(dataset.export(file_format), content_type=FORMATS[file_format])
    audit_record_create(
        target=exported_by,
        actor=exported_by,
        action="export",
        data={"table": name, "format": file_format, "rows": dataset.height, "filters": filters},
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    return response
