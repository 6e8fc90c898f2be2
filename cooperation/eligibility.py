"""The eligibility checklist officers fill in before a decision, kept in ``Request.eligibility``.

The stored structure is ``{"<item>": {"status": "met" | "not_met" | "to_check", "note": "..."}}``.
Whether the country is eligible is not a judgement: it follows from the reference data (managers
switch the flag), so that item is computed and never stored.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import PUBLIC_INSTITUTION_TYPES

from .models import Request


class EligibilityItem(models.TextChoices):
    COUNTRY = "country", gettext_lazy("Eligible partner country")
    INSTITUTION = "institution", gettext_lazy("Public or mandated institution")
    THEMATIC_FIT = "thematic_fit", gettext_lazy("Fits the programme's thematic areas")
    NO_OVERLAP = "no_overlap", gettext_lazy("No overlap with other support")
    FEASIBLE_TIMING = "feasible_timing", gettext_lazy("Feasible timing")


class EligibilityStatus(models.TextChoices):
    TO_CHECK = "to_check", gettext_lazy("To check")
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")


# The items officers judge and record; the country item is read from the reference data.
RECORDED_ITEMS = (
    EligibilityItem.INSTITUTION,
    EligibilityItem.THEMATIC_FIT,
    EligibilityItem.NO_OVERLAP,
    EligibilityItem.FEASIBLE_TIMING,
)


@dataclass(frozen=True)
class ChecklistRow:
    item: str
    label: str
    status: str
    status_label: str
    note: str
    hint: str
    recorded: bool


def _country_status(request: Request) -> str:
    country = request.lead_institution.country
    eligible = country.is_partner and country.is_eligible
    return EligibilityStatus.MET if eligible else EligibilityStatus.NOT_MET


def _hint(request: Request, item: str) -> str:
    institution = request.lead_institution
    if item == EligibilityItem.COUNTRY:
        return _("From the reference data for %(country)s.") % {"country": institution.country}
    if item == EligibilityItem.INSTITUTION:
        if institution.type in PUBLIC_INSTITUTION_TYPES:
            kind = _("a public institution")
        else:
            kind = _("not a public institution: check its mandate")
        return _("%(type)s, %(kind)s; %(verification)s.") % {
            "type": institution.get_type_display(),
            "kind": kind,
            "verification": institution.get_verification_status_display().lower(),
        }
    if item == EligibilityItem.FEASIBLE_TIMING and request.period_start and request.period_end:
        return _("Preferred period: %(start)s to %(end)s.") % {
            "start": request.period_start.isoformat(),
            "end": request.period_end.isoformat(),
        }
    return ""


def recorded_status(request: Request, item: str) -> str:
    entry = (request.eligibility or {}).get(item) or {}
    status = entry.get("status")
    return status if status in EligibilityStatus.values else EligibilityStatus.TO_CHECK


def recorded_note(request: Request, item: str) -> str:
    return str(((request.eligibility or {}).get(item) or {}).get("note", ""))


def eligibility_checklist(request: Request) -> list[ChecklistRow]:
    """Every item of the checklist with its status, the officer's note and a hint from the data."""
    rows = []
    for item in EligibilityItem:
        if item == EligibilityItem.COUNTRY:
            status, note, recorded = _country_status(request), "", False
        else:
            status = recorded_status(request, item)
            note, recorded = recorded_note(request, item), True
        rows.append(
            ChecklistRow(
                item=item.value,
                label=str(item.label),
                status=status,
                status_label=str(EligibilityStatus(status).label),
                note=note,
                hint=_hint(request, item),
                recorded=recorded,
            )
        )
    return rows


def eligibility_problems(request: Request) -> list[str]:
    """The recorded items that are not met yet (the country is the state machine's guard)."""
    return [
        _("“%(item)s” is %(status)s.") % {"item": row.label, "status": row.status_label.lower()}
        for row in eligibility_checklist(request)
        if row.recorded and row.status != EligibilityStatus.MET
    ]
