"""The programme dashboard's figures are cached for a few minutes (reporting.snapshots): the
second view reads no aggregate, the page says as of when, the beat task computes them again,
and partner dashboards stay live."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import snapshots
from reporting.tasks import dashboard_refresh
from tests.factories import ManagerFactory, OfficerFactory, SubmittedRequestFactory
from tests.reporting.data import PERIOD
from tests.reporting.test_views import table_rows

STAFF_URL = reverse("reporting:staff_dashboard")
PARTNER_URL = reverse("reporting:partner_dashboard")


def received(client, params=None) -> str:
    html = client.get(STAFF_URL, params or {}).content.decode()
    return table_rows(html, "requests")[0][1]


def test_second_view_reads_the_cached_figures(client, programme):
    client.force_login(OfficerFactory())
    with CaptureQueriesContext(connection) as first:
        client.get(STAFF_URL, PERIOD)
    with CaptureQueriesContext(connection) as second:
        response = client.get(STAFF_URL, PERIOD)

    aggregates = [q for q in second if "cooperation_request" in q["sql"]]
    assert aggregates == []
    assert len(second) < len(first) - 5
    assert "Figures as of" in response.content.decode()
    assert table_rows(response.content.decode(), "requests")[0][:2] == ["Received", "6"]


def test_figures_stay_until_refreshed_then_count_the_new_requests(client, db):
    client.force_login(OfficerFactory())
    SubmittedRequestFactory()
    assert received(client) == "1"

    SubmittedRequestFactory()
    assert received(client) == "1"  # cached

    assert dashboard_refresh() == 1  # one language
    assert received(client) == "2"


def test_each_filter_set_has_its_own_figures(client, programme):
    client.force_login(OfficerFactory())

    assert received(client, PERIOD) == "6"
    assert received(client, {"start": "2000-01-01", "end": "2000-12-31"}) == "0"
    assert received(client, PERIOD) == "6"


def test_partner_dashboard_is_live(client, programme):
    client.force_login(programme.partner_kz)

    response = client.get(PARTNER_URL, PERIOD)

    assert response.status_code == 200
    assert response.context["as_of"] is None
    assert "Figures as of" not in response.content.decode()


@pytest.mark.parametrize("language", ["en"])
def test_cache_key_depends_on_filters_and_language(language):
    from django.utils import translation

    from reporting.scope import DashboardFilters

    with translation.override(language):
        plain = snapshots._key(DashboardFilters())
        sliced = snapshots._key(DashboardFilters(region="western_balkans"))
    assert plain != sliced
    assert f":{language}:" in plain


def test_second_view_reuses_the_rendered_results(client, programme):
    client.force_login(OfficerFactory())
    first = client.get(STAFF_URL, PERIOD)
    second = client.get(STAFF_URL, PERIOD)

    table = "reporting/includes/table.html"
    assert table in [t.name for t in first.templates]
    assert table not in [t.name for t in second.templates]
    results = [html.content.decode().split('id="dashboard-results"')[1] for html in (first, second)]
    assert results[0] == results[1]  # the same fragment (the page around it has a new CSP nonce)


def test_the_cached_results_keep_the_export_links_to_managers(client, programme):
    client.force_login(OfficerFactory())
    officer_view = client.get(STAFF_URL, PERIOD).content.decode()
    client.force_login(ManagerFactory())
    manager_view = client.get(STAFF_URL, PERIOD).content.decode()
    client.force_login(OfficerFactory())
    officer_again = client.get(STAFF_URL, PERIOD).content.decode()

    assert "export-links" not in officer_view and "export-links" not in officer_again
    assert "export-links" in manager_view


def test_the_htmx_fragment_and_the_page_are_cached_apart(client, programme):
    client.force_login(OfficerFactory())
    fragment = client.get(STAFF_URL, PERIOD, headers={"HX-Request": "true"}).content.decode()
    page = client.get(STAFF_URL, PERIOD).content.decode()

    assert 'hx-swap-oob="true"' in fragment and "<html" not in fragment
    assert "<html" in page and page.count('id="dashboard-status"') == 1
    assert table_rows(page, "requests")[0][:2] == ["Received", "6"]
