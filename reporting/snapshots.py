"""The programme dashboard's figures, kept in the cache for a few minutes.

The staff dashboard aggregates every request, action, mission, expert and feedback of the
programme: seconds of SQL with a million roster entries, and the same answer for every officer.
So its figures (the ``Dashboard``'s computed properties) are computed once per filter set and
language, kept ``DASHBOARD_CACHE_SECONDS``, and the page says when they were computed. The
``reporting.dashboard_refresh`` beat task recomputes the unfiltered dashboard before it expires,
so that no one waits for it; filtered views are computed on their first view. Partner and expert
dashboards, small by nature, stay live. The results' HTML is kept beside the figures it shows
(``results_html``): its tables and charts took longer to render than the rest of the page.

Shared between the web processes and the worker only with a shared cache (Redis, which the
settings use whenever ``CELERY_BROKER_URL`` names one); with the default local-memory cache
each process keeps its own.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from .filters import DashboardFilterForm
from .scope import Audience, DashboardFilters
from .selectors import Dashboard

DASHBOARD_CACHE_SECONDS = 10 * 60
KEY_PREFIX = "reporting:dashboard:v1"
# The figures the programme dashboard shows (its tables and charts read only these).
PROGRAMME_FIGURES = (
    "requests",
    "requests_by_month",
    "actions_by_status",
    "missions_by_type",
    "missions_by_country",
    "experts",
    "satisfaction",
    "roster_by_theme",
    "roster_by_language",
)


def _key(filters: DashboardFilters) -> str:
    params = json.dumps(filters.as_params(), sort_keys=True)
    digest = hashlib.sha256(params.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{translation.get_language() or ''}:{digest}"


def _computed(audience: Audience, filters: DashboardFilters) -> dict:
    dashboard = Dashboard(audience=audience, filters=filters)
    figures = {name: getattr(dashboard, name) for name in PROGRAMME_FIGURES}
    return {"figures": figures, "as_of": timezone.now()}


def dashboard_snapshot(
    *, audience: Audience, filters: DashboardFilters
) -> tuple[Dashboard, datetime.datetime | None]:
    """The dashboard and when its figures were computed (None: live, not cached)."""
    dashboard = Dashboard(audience=audience, filters=filters)
    if not audience.is_programme:
        return dashboard, None
    key = _key(filters)
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = _computed(audience, filters)
        cache.set(key, snapshot, DASHBOARD_CACHE_SECONDS)
    dashboard.__dict__.update(snapshot["figures"])  # the cached_property values
    return dashboard, snapshot["as_of"]


def dashboard_refresh() -> int:
    """Recompute the programme dashboard as it first opens (the last twelve months, no other
    filter) in every language; how many were stored."""
    stored = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            filters = DashboardFilterForm(None, fields=("start", "end")).filters()
            cache.set(
                _key(filters), _computed(Audience.programme(), filters), DASHBOARD_CACHE_SECONDS
            )
            stored += 1
    return stored


def results_html(request: HttpRequest, template_name: str, context: dict) -> SafeString:
    """The dashboard's results fragment. Rendered once per snapshot of cached figures: the same
    figures show the same HTML to every viewer with the same right to export (the only part that
    depends on who looks) in the same language and form (whole page or htmx fragment). Live
    dashboards (``as_of`` None) are rendered each time."""
    as_of = context.get("as_of")
    if as_of is None:
        return render_to_string(template_name, context, request)
    variant = f"{int(context['can_export'])}{int(context['partial'])}"
    key = f"{_key(context['filters'])}:html:{as_of.isoformat()}:{variant}:{template_name}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context, request)
        cache.set(key, str(html), DASHBOARD_CACHE_SECONDS)
    return mark_safe(html)  # rendered and escaped by the template above
