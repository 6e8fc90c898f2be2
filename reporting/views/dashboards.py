"""The dashboards of the three audiences: programme staff, partner users, experts.

Each is the same page: the filter form, then the results, which htmx replaces when the filters
change (the form's ``hx-get`` asks for the results fragment alone; the URL keeps the filters).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from accounts.decorators import role_required
from accounts.rules import is_expert, is_manager, is_partner, is_programme_staff

from ..charts import dashboard_charts
from ..filters import DashboardFilterForm
from ..scope import AudienceKind, audience_of
from ..snapshots import DASHBOARD_CACHE_SECONDS, dashboard_snapshot, results_html
from ..tables import dashboard_tables

ALL_FILTERS = ("start", "end", "region", "country", "theme")
PROGRAMME_RESULTS = "reporting/includes/programme_results.html"


@dataclass(frozen=True)
class DashboardPage:
    title: str
    lead: str
    filter_fields: tuple[str, ...]
    results_template: str


STAFF_PAGE = DashboardPage(
    title=_("Programme dashboard"),
    lead=_("Requests, actions, missions, experts and the roster, live from the portal."),
    filter_fields=ALL_FILTERS,
    results_template=PROGRAMME_RESULTS,
)
PARTNER_PAGE = DashboardPage(
    title=_("Our cooperation in figures"),
    lead=_("The requests, actions and missions of your institution."),
    filter_fields=("start", "end", "theme"),
    results_template=PROGRAMME_RESULTS,
)
EXPERT_PAGE = DashboardPage(
    title=_("My missions in figures"),
    lead=_("The missions you accepted and the expert-days you delivered."),
    filter_fields=("start", "end"),
    results_template="reporting/includes/expert_results.html",
)


def _render_dashboard(request: HttpRequest, page: DashboardPage) -> HttpResponse:
    audience = audience_of(request.user)
    form = DashboardFilterForm(request.GET or None, fields=page.filter_fields)
    filters = form.filters()
    context = {"page": page, "form": form, "audience": audience, "filters": filters}
    if filters is not None:
        dashboard, as_of = dashboard_snapshot(audience=audience, filters=filters)
        context |= {
            "dashboard": dashboard,
            "as_of": as_of,
            "refresh_minutes": DASHBOARD_CACHE_SECONDS // 60,
            "tables": dashboard_tables(dashboard),
            "charts": dashboard_charts(dashboard),
            "can_export": audience.kind == AudienceKind.PROGRAMME and is_manager(request.user),
            "export_query": urlencode(filters.as_params()),
        }
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context["partial"] = partial
    context["results"] = results_html(request, page.results_template, context)
    if partial:
        response = HttpResponse(context["results"])
    else:
        response = render(request, "reporting/dashboard.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@role_required(is_programme_staff)
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request, STAFF_PAGE)


@role_required(is_partner)
def partner_dashboard(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request, PARTNER_PAGE)


@role_required(is_expert)
def expert_dashboard(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request, EXPERT_PAGE)
