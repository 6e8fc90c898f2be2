"""Each figure of the dashboards against the hand-counted programme of ``conftest.py``."""

import datetime

import pytest
from django.db.models import DurationField, ExpressionWrapper, F

from cooperation.models import Request
from reference.models import Region
from reporting.aggregates import median_days
from reporting.scope import Audience, DashboardFilters, requests_in_scope
from reporting.selectors import (
    Dashboard,
    completed_actions_page,
    programme_numbers,
)
from tests.factories import country, theme

D = datetime.date
FIRST_HALF_2025 = DashboardFilters(start=D(2025, 1, 1), end=D(2025, 6, 30))
EMPTY_YEAR = DashboardFilters(start=D(2023, 1, 1), end=D(2023, 12, 31))


def programme_dashboard(filters: DashboardFilters = FIRST_HALF_2025) -> Dashboard:
    return Dashboard(audience=Audience.programme(), filters=filters)


def test_request_figures_count_the_requests_received_in_the_period(programme):
    figures = programme_dashboard().requests

    assert (figures.received, figures.decided, figures.accepted, figures.rejected) == (6, 4, 3, 1)
    assert (figures.withdrawn, figures.open, figures.converted, figures.completed) == (1, 1, 3, 1)
    assert figures.conversion_rate == 50.0


def test_request_figures_give_the_median_days_to_decision_and_to_the_first_mission(programme):
    figures = programme_dashboard().requests

    # Decisions after 10, 30, 20 and 14 days: the middle two are 14 and 20.
    assert figures.median_days_to_decision == 17.0
    # First missions 21 (the cancelled one is left out), 50 and 20 days after the decision.
    assert figures.median_days_to_first_mission == 21.0


@pytest.mark.parametrize(
    "in_database", [False, pytest.param(True, marks=pytest.mark.postgres)], ids=["python", "sql"]
)
def test_median_days_is_the_same_in_python_and_in_the_database(programme, in_database):
    requests = requests_in_scope(audience=Audience.programme(), filters=FIRST_HALF_2025)
    to_decision = ExpressionWrapper(
        F("decided_at") - F("submitted_at"), output_field=DurationField()
    )

    assert median_days(requests, to_decision, in_database=in_database) == 17.0
    assert median_days(
        requests.filter(status="rejected"), to_decision, in_database=in_database
    ) == (30.0)
    assert median_days(Request.objects.none(), to_decision, in_database=in_database) is None


def test_request_figures_are_zero_for_an_empty_period(programme):
    figures = programme_dashboard(EMPTY_YEAR).requests

    assert (figures.received, figures.accepted, figures.converted) == (0, 0, 0)
    assert figures.conversion_rate is None
    assert figures.median_days_to_decision is None
    assert figures.median_days_to_first_mission is None


def test_requests_by_month_list_every_month_of_the_period_by_region(programme):
    series = programme_dashboard().requests_by_month

    assert [value for value, _label in series.regions] == [
        Region.WESTERN_BALKANS,
        Region.CENTRAL_ASIA,
    ]
    assert [(row.month, row.counts, row.total) for row in series.rows] == [
        (D(2025, 1, 1), (2, 0), 2),
        (D(2025, 2, 1), (1, 0), 1),
        (D(2025, 3, 1), (0, 2), 2),
        (D(2025, 4, 1), (1, 0), 1),
        (D(2025, 5, 1), (0, 0), 0),
        (D(2025, 6, 1), (0, 0), 0),
    ]
    assert series.totals == (4, 2)


def test_requests_by_month_keep_the_chosen_region_only(programme):
    filters = DashboardFilters(start=D(2025, 3, 1), end=D(2025, 4, 30), region="central_asia")

    series = programme_dashboard(filters).requests_by_month

    assert series.regions == ((Region.CENTRAL_ASIA.value, Region.CENTRAL_ASIA.label),)
    assert [(row.month, row.counts) for row in series.rows] == [
        (D(2025, 3, 1), (2,)),
        (D(2025, 4, 1), (0,)),
    ]


def test_requests_by_month_of_an_empty_period_have_months_but_no_region(programme):
    series = programme_dashboard(EMPTY_YEAR).requests_by_month

    assert series.regions == ()
    assert [row.total for row in series.rows] == [0] * 12


def test_requests_by_month_span_the_data_when_the_period_is_open(programme):
    series = programme_dashboard(DashboardFilters()).requests_by_month

    assert series.rows[0].month == D(2024, 11, 1)
    assert series.rows[-1].month == D(2025, 4, 1)
    assert sum(series.totals) == 7


def test_actions_by_status_count_the_actions_created_in_the_period(programme):
    counts = {row.key: row.count for row in programme_dashboard().actions_by_status}

    assert counts == {
        "planned": 0,
        "in_progress": 2,
        "on_hold": 0,
        "completed": 1,
        "cancelled": 0,
        "closed": 0,
    }


def test_missions_by_type_leave_out_drafts_and_cancelled_missions(programme):
    rows = {
        row.key: (row.missions, row.delivered) for row in programme_dashboard().missions_by_type
    }

    assert rows == {
        "expert_mission": (2, 2),
        "remote_mission": (1, 1),
        "study_visit": (1, 0),
        "workshop": (0, 0),
        "webinar": (0, 0),
        "peer_review": (0, 0),
    }


def test_missions_by_country_put_remote_missions_last_among_equals(programme):
    rows = [
        (row.key, row.missions, row.delivered) for row in programme_dashboard().missions_by_country
    ]

    assert rows == [("AT", 1, 0), ("KZ", 1, 1), ("ME", 1, 1), ("", 1, 1)]


def test_experts_by_member_state_count_distinct_experts_and_their_days(programme):
    experts = programme_dashboard().experts

    # E1 (LU) on M1 and M5: 5 + 6 days; E2 (DE) on M1 (5) and M3 (not delivered); E3 (DE) on M4 (4).
    assert [(row.key, row.experts, row.expert_days) for row in experts.rows] == [
        ("DE", 2, 9),
        ("LU", 1, 11),
    ]
    assert (experts.experts, experts.expert_days, experts.member_states) == (3, 20, 2)


def test_satisfaction_averages_each_dimension_of_the_period(programme):
    result = programme_dashboard().satisfaction

    assert result.responses == 2
    assert [(row.key, row.average) for row in result.dimensions] == [
        ("relevance", 4.0),
        ("expertise", 4.5),
        ("organisation", 3.5),
        ("usefulness", 3.0),
    ]
    assert result.overall == 3.75


def test_satisfaction_has_no_average_without_feedback(programme):
    result = programme_dashboard(EMPTY_YEAR).satisfaction

    assert result.responses == 0
    assert result.overall is None


def test_roster_by_theme_flags_the_theme_with_most_requests_per_expert(programme):
    rows = programme_dashboard().roster_by_theme

    assert [(row.label, row.requests, row.experts, row.thinnest) for row in rows] == [
        ("Social protection › Pensions", 3, 2, True),
        ("Health systems › Health insurance and financing", 2, 2, False),
        ("Social protection › Child protection and foster care", 1, 1, False),
    ]
    assert rows[0].requests_per_expert == 1.5


def test_roster_by_language_flags_languages_no_expert_speaks_well_enough(programme):
    rows = programme_dashboard().roster_by_language

    # E4 speaks Russian at B1 only: not counted.
    assert [(row.key, row.requests, row.experts, row.thinnest) for row in rows] == [
        ("kk", 1, 0, True),
        ("sr", 1, 0, True),
        ("ru", 2, 1, False),
        ("en", 2, 2, False),
        ("de", 0, 1, False),
    ]


def test_roster_by_theme_of_an_area_keeps_its_sub_areas(programme):
    filters = DashboardFilters(
        start=D(2025, 1, 1), end=D(2025, 6, 30), theme=theme("social-protection")
    )

    rows = programme_dashboard(filters).roster_by_theme

    assert [(row.label, row.requests, row.experts) for row in rows] == [
        ("Social protection › Pensions", 3, 2),
        ("Social protection › Child protection and foster care", 1, 1),
    ]


def test_region_filter_keeps_the_partners_of_that_region(programme):
    filters = DashboardFilters(start=D(2025, 1, 1), end=D(2025, 6, 30), region="central_asia")
    dashboard = programme_dashboard(filters)

    assert dashboard.requests.received == 2
    assert dashboard.missions == 2
    assert [(row.key, row.missions) for row in dashboard.missions_by_country] == [
        ("KZ", 1),
        ("", 1),
    ]
    assert [(row.key, row.experts) for row in dashboard.experts.rows] == [("DE", 1), ("LU", 1)]


def test_country_filter_keeps_that_country(programme):
    filters = DashboardFilters(start=D(2025, 1, 1), end=D(2025, 6, 30), country=country("XK"))
    dashboard = programme_dashboard(filters)

    assert (dashboard.requests.received, dashboard.requests.withdrawn) == (2, 1)
    assert dashboard.missions == 1
    assert dashboard.experts.experts == 1
    assert dashboard.satisfaction.responses == 0


def test_country_without_activity_has_zero_everywhere(programme):
    filters = DashboardFilters(start=D(2025, 1, 1), end=D(2025, 6, 30), country=country("AL"))
    dashboard = programme_dashboard(filters)

    assert dashboard.requests.received == 0
    assert sum(row.count for row in dashboard.actions_by_status) == 0
    assert dashboard.missions == 0
    assert dashboard.missions_by_country == []
    assert dashboard.experts.rows == ()
    assert [row.total for row in dashboard.requests_by_month.rows] == [0] * 6


def test_theme_filter_of_an_area_counts_its_sub_areas(programme):
    filters = DashboardFilters(
        start=D(2025, 1, 1), end=D(2025, 6, 30), theme=theme("social-protection")
    )
    dashboard = programme_dashboard(filters)

    # R1, R2 and R6 (pensions), R3 (child protection); missions of A1, A2 and A4.
    assert dashboard.requests.received == 4
    assert dashboard.missions == 3


def test_partner_audience_sees_its_institutions_requests_and_missions(programme):
    audience = Audience.institutions([programme.institutions.kz.pk])
    dashboard = Dashboard(audience=audience, filters=FIRST_HALF_2025)

    # R1 (co-applicant), R4 and R5; missions M4 and M5; its own feedback on M4.
    assert (dashboard.requests.received, dashboard.requests.accepted) == (3, 2)
    assert dashboard.missions == 2
    assert (dashboard.experts.experts, dashboard.experts.expert_days) == (2, 10)
    assert dashboard.satisfaction.responses == 1
    assert dashboard.roster_by_theme == []


def test_partner_audience_without_institution_sees_nothing(programme):
    dashboard = Dashboard(audience=Audience.institutions([]), filters=FIRST_HALF_2025)

    assert dashboard.requests.received == 0
    assert dashboard.missions == 0
    assert dashboard.experts.experts == 0


def test_expert_audience_sees_their_own_missions_and_days(programme):
    audience = Audience.expert(programme.experts.e2.pk)
    dashboard = Dashboard(audience=audience, filters=FIRST_HALF_2025)

    figures = dashboard.expert_mission_figures
    assert (figures.missions, figures.delivered) == (2, 1)
    assert (figures.days_delivered, figures.days_planned) == (5, 3)
    assert [mission.pk for mission in dashboard.expert_missions] == [
        programme.missions.m1.pk,
        programme.missions.m3.pk,
    ]
    assert dashboard.requests.received == 0
    assert dashboard.experts.expert_days == 5


def test_expert_audience_without_profile_sees_nothing(programme):
    dashboard = Dashboard(audience=Audience.expert(None), filters=FIRST_HALF_2025)

    assert dashboard.expert_mission_figures.missions == 0
    assert dashboard.expert_missions == []


def test_programme_numbers_count_the_whole_programme(programme):
    numbers = programme_numbers()

    totals = numbers.totals
    assert (totals.requests, totals.partner_countries) == (7, 3)
    assert (totals.actions, totals.actions_completed) == (4, 2)
    # Delivered: M1, M4, M5, M6 — experts E1, E2, E3, E4 from LU, DE and FR.
    assert (totals.missions_delivered, totals.experts, totals.member_states) == (4, 4, 3)
    assert totals.expert_days == 5 * 2 + 4 + 6 + 10
    assert [
        (r.key, r.requests, r.actions, r.actions_completed, r.missions_delivered)
        for r in numbers.countries
    ] == [
        ("KZ", 3, 2, 1, 3),
        ("XK", 2, 1, 0, 0),
        ("ME", 2, 1, 1, 1),
    ]


def test_programme_numbers_by_theme(programme):
    rows = [
        (row.label, row.requests, row.actions, row.actions_completed)
        for row in programme_numbers().themes
    ]

    assert rows == [
        ("Health systems › Health insurance and financing", 2, 1, 0),
        ("Social protection › Child protection and foster care", 1, 1, 0),
        ("Social protection › Pensions", 4, 2, 2),
    ]


def test_completed_actions_page_lists_completed_and_closed_actions(programme):
    page = completed_actions_page(1)

    # Both end on the same day: the latest created comes first.
    assert [action.pk for action in page] == [programme.actions.a4.pk, programme.actions.a1.pk]
