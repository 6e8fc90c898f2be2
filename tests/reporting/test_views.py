"""The dashboards per audience: who gets which page, what it shows, how many queries it takes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.models import RequestStatus
from tests.factories import (
    ExpertFactory,
    ExpertUserFactory,
    InvitationFactory,
    ManagerFactory,
    MissionFactory,
    OfficerFactory,
    PartnerUserFactory,
    SubmittedRequestFactory,
)
from tests.reporting.data import PERIOD

STAFF_URL = reverse("reporting:staff_dashboard")
PARTNER_URL = reverse("reporting:partner_dashboard")
EXPERT_URL = reverse("reporting:expert_dashboard")
HTMX = {"HTTP_HX_REQUEST": "true"}


def table_rows(html: str, slug: str) -> list[list[str]]:
    """The body rows of a dashboard table, as the text of their cells."""
    table = re.search(rf'<table[^>]*id="{slug}-table".*?<tbody>(.*?)</tbody>', html, re.S)
    assert table, f"no table {slug}"
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        (STAFF_URL, {"officer", "manager"}),
        (PARTNER_URL, {"partner"}),
        (EXPERT_URL, {"expert"}),
    ],
)
def test_dashboard_answers_404_to_other_audiences(client, db, url, allowed):
    users = {
        "partner": PartnerUserFactory(),
        "expert": ExpertUserFactory(),
        "officer": OfficerFactory(),
        "manager": ManagerFactory(),
    }
    for role, user in users.items():
        client.force_login(user)

        response = client.get(url)

        assert response.status_code == (200 if role in allowed else 404), role


@pytest.mark.parametrize("url", [STAFF_URL, PARTNER_URL, EXPERT_URL])
def test_dashboard_sends_anonymous_visitors_to_log_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_dashboard_shows_the_hand_counted_figures(client, programme):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL, PERIOD)

    html = response.content.decode()
    assert response.status_code == 200
    assert table_rows(html, "requests")[:3] == [
        ["Received", "6", "100.0"],
        ["Decided", "4", "66.7"],
        ["Accepted", "3", "50.0"],
    ]
    assert table_rows(html, "missions_by_country") == [
        ["Austria", "1", "0"],
        ["Kazakhstan", "1", "1"],
        ["Montenegro", "1", "1"],
        ["Remote or no country", "1", "1"],
    ]
    assert table_rows(html, "experts_by_member_state") == [
        ["Germany", "2", "9"],
        ["Luxembourg", "1", "11"],
    ]
    assert table_rows(html, "roster_by_theme")[0] == [
        "Social protection › Pensions",
        "3",
        "2",
        "1.5",
        "Thinnest",
    ]
    assert html.count('role="img"') == 4
    assert "style=" not in html
    assert "<script>" not in html


def test_staff_dashboard_keeps_the_last_twelve_months_without_a_query(client, db):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL)

    assert len(table_rows(response.content.decode(), "requests_by_month")) == 12


def test_staff_dashboard_shows_zeros_for_an_empty_period(client, programme):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL, {"start": "2023-01-01", "end": "2023-03-31"})

    html = response.content.decode()
    assert table_rows(html, "requests")[0] == ["Received", "0", "–"]
    assert table_rows(html, "missions_by_country") == [["Nothing to count for these filters."]]
    assert "No request was received in this period." in html


def test_staff_dashboard_explains_invalid_filters(client, db):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL, {"start": "2025-06-30", "end": "2025-01-01"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The end of the period comes before its start." in html
    assert "requests-table" not in html


def test_staff_dashboard_answers_htmx_with_the_results_alone(client, programme):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL, {**PERIOD, "region": "central_asia"}, **HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert table_rows(html, "requests")[0] == ["Received", "2", "100.0"]
    assert "HX-Request" in response["Vary"]


def test_staff_dashboard_runs_a_fixed_number_of_queries(
    client, programme, django_assert_max_num_queries
):
    client.force_login(ManagerFactory())
    with CaptureQueriesContext(connection) as small:
        client.get(STAFF_URL, PERIOD)
    for _ in range(20):
        request = SubmittedRequestFactory(status=RequestStatus.ACCEPTED)
        mission = MissionFactory(start_date="2025-03-03", end_date="2025-03-05", status="completed")
        InvitationFactory(mission=mission, expert=ExpertFactory(), status="accepted")
        request.themes.set(programme.actions.a1.themes.all())

    with django_assert_max_num_queries(len(small)):
        client.get(STAFF_URL, PERIOD)
    assert len(small) <= 22


def test_partner_dashboard_counts_their_institution_only(client, programme):
    client.force_login(programme.partner_kz)

    response = client.get(PARTNER_URL, PERIOD)

    html = response.content.decode()
    assert table_rows(html, "requests")[0] == ["Received", "3", "100.0"]
    assert table_rows(html, "missions_by_country") == [
        ["Kazakhstan", "1", "1"],
        ["Remote or no country", "1", "1"],
    ]
    assert "roster_by_theme-table" not in html
    assert 'name="region"' not in html
    assert "reporting/staff/dashboard/export" not in html


def test_partner_dashboard_without_institution_says_so(client, db):
    client.force_login(PartnerUserFactory())

    response = client.get(PARTNER_URL, PERIOD)

    assert "You are not yet an active member of an institution" in response.content.decode()


def test_expert_dashboard_lists_their_own_missions(client, programme):
    client.force_login(programme.experts.e2.user)

    response = client.get(EXPERT_URL, PERIOD)

    html = response.content.decode()
    rows = table_rows(html, "expert_missions")
    assert [row[0] for row in rows] == [
        programme.missions.m1.reference,
        programme.missions.m3.reference,
    ]
    assert [row[-1] for row in rows] == ["5", "3"]
    assert table_rows(html, "missions_by_country") == [
        ["Austria", "1", "0"],
        ["Montenegro", "1", "1"],
    ]
    assert "requests-table" not in html


def test_expert_dashboard_without_profile_says_so(client, db):
    client.force_login(ExpertUserFactory())

    response = client.get(EXPERT_URL)

    assert "You have no roster profile yet" in response.content.decode()


def test_export_links_are_for_managers_only(client, programme):
    client.force_login(OfficerFactory())
    officer_html = client.get(STAFF_URL, PERIOD).content.decode()
    client.force_login(ManagerFactory())
    manager_html = client.get(STAFF_URL, PERIOD).content.decode()

    export_url = reverse("reporting:staff_export", args=["missions_by_country"])
    assert export_url not in officer_html
    assert f"{export_url}?format=csv&amp;start=2025-01-01&amp;end=2025-06-30" in manager_html


def test_partner_and_expert_home_pages_link_to_their_dashboards(client, programme):
    client.force_login(programme.partner_kz)
    partner_home = client.get(reverse("partners:home")).content.decode()
    client.force_login(programme.experts.e1.user)
    expert_home = client.get(reverse("experts:home")).content.decode()

    assert f'href="{PARTNER_URL}"' in partner_home
    assert f'href="{EXPERT_URL}"' in expert_home


def test_staff_menu_links_to_the_dashboard(client, db):
    client.force_login(OfficerFactory())

    response = client.get(STAFF_URL)

    assert f'href="{STAFF_URL}" aria-current="page"' in response.content.decode()
