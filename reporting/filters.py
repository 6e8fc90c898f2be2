"""The dashboard's filters: period, region, country and thematic area, kept in the URL.

A plain form rather than a django-filter FilterSet: the filters do not narrow one queryset but
become a ``DashboardFilters`` that every figure applies to its own model (see ``scope.py``).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.filters import PARTNER_REGIONS, date_input, partner_countries, thematic_areas
from cooperation.menus import cached_choices
from cooperation.widgets import fast_selects

from .scope import DashboardFilters

DEFAULT_MONTHS = 12
MAX_PERIOD_DAYS = 10 * 366


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this one included: from the first of the month a year ago."""
    year, month = divmod(today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1), 12)
    return datetime.date(year, month + 1, 1), today


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty for no limit."),
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty for no limit."),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region")), *PARTNER_REGIONS]
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=partner_countries(),
        empty_label=_("Any country"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thematic area"),
        required=False,
        queryset=thematic_areas(),
        empty_label=_("Any thematic area"),
    )

    def __init__(self, data=None, *, fields: tuple[str, ...] | None = None) -> None:
        """``fields``: the filters offered to the audience (all of them by default). Without
        data (no query string) the form shows, and ``filters()`` uses, the last twelve months."""
        super().__init__(data)
        if fields is not None:
            for name in set(self.fields) - set(fields):
                del self.fields[name]
        fast_selects(self)
        menus = {"country": "dashboard-countries", "theme": "dashboard-themes"}
        cached_choices(self, {name: key for name, key in menus.items() if name in self.fields})
        start, end = default_period(timezone.localdate())
        self.fields["start"].initial = start
        self.fields["end"].initial = end

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end of the period comes before its start."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of ten years at most."))
        return cleaned

    def filters(self) -> DashboardFilters | None:
        """The filters chosen: the last twelve months without a query string, None when the
        filters are not valid."""
        if not self.is_bound:
            return DashboardFilters(
                start=self.fields["start"].initial, end=self.fields["end"].initial
            )
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return DashboardFilters(
            start=data.get("start"),
            end=data.get("end"),
            region=data.get("region", ""),
            country=data.get("country"),
            theme=data.get("theme"),
        )
