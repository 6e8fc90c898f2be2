"""The staff's roster pages: search, profile, vetting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditRecord
from experts.models import RosterStatus
from reference.models import LanguageLevel
from tests.factories import (
    ExpertFactory,
    ExpertLanguageFactory,
    ExpertThemeFactory,
    country,
    language,
    theme,
)
from tests.factories.experts import CompleteExpertFactory

pytestmark = pytest.mark.django_db

# Session, user and the unread-notification count of the page header; the theme and language
# chosen in the filters (validated); the filter form's four lists (themes, languages, nationality,
# countries); the count, the page, and one prefetch each for themes, languages and countries.
ROSTER_PAGE_QUERIES = 14


def make_experts(count: int) -> None:
    for _ in range(count):
        expert = ExpertFactory()
        ExpertThemeFactory(expert=expert, theme=theme("pensions"))
        ExpertThemeFactory(expert=expert, theme=theme("disability"))
        ExpertLanguageFactory(expert=expert, language=language("en"), level=LanguageLevel.C1)
        ExpertLanguageFactory(expert=expert, language=language("ru"), level=LanguageLevel.B2)
        expert.countries_of_experience.set([country("XK"), country("KZ")])


def roster_queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("experts:roster"), params)
    assert response.status_code == 200
    return len(queries)


def test_roster_page_costs_a_fixed_number_of_queries(
    client, officer_user, django_assert_max_num_queries
):
    client.force_login(officer_user)
    make_experts(3)
    params = {"theme": theme("social-protection").pk, "language": "ru", "min_level": 4}
    roster_queries(client, params)  # fills the cache of the reference-data menus
    few = roster_queries(client, params)
    make_experts(30)

    with django_assert_max_num_queries(ROSTER_PAGE_QUERIES):
        response = client.get(reverse("experts:roster"), params)

    assert roster_queries(client, params) == few
    assert response.context["page_obj"].paginator.count == 33
    assert len(response.context["experts"]) == 25


def test_roster_page_shows_the_facts_of_each_expert(client, officer_user):
    make_experts(1)
    client.force_login(officer_user)

    response = client.get(reverse("experts:roster"))

    content = response.content.decode()
    assert "Pensions" in content
    assert "RU B2" in content
    assert "Kazakhstan, Kosovo" in content
    assert "Public administration" in content


def test_roster_search_answers_htmx_with_the_results_only(client, manager_user):
    make_experts(2)
    client.force_login(manager_user)

    response = client.get(reverse("experts:roster"), {"q": "health"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "experts/staff/_roster.html"
    assert "<html" not in response.content.decode()


def test_roster_search_shows_a_bad_filter_next_to_the_field(client, officer_user):
    client.force_login(officer_user)

    response = client.get(
        reverse("experts:roster"), {"available_from": "2027-05-02", "available_until": "2027-05-01"}
    )

    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()


def test_profile_page_shows_the_history_and_vetting_to_managers(client, manager_user):
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    client.force_login(manager_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("experts:roster_detail", args=[expert.pk]))

    assert response.status_code == 200
    assert [t.name for t in response.context["vetting_actions"]] == ["approve", "reject"]
    assert len(queries) <= 15


def test_manager_approves_with_a_note(client, manager_user):
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    client.force_login(manager_user)

    response = client.post(
        reverse("experts:roster_vet", args=[expert.pk]),
        {"action": "approve", "note": "Strong health-financing profile."},
    )

    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.roster_status, expert.vetting_note) == (
        RosterStatus.APPROVED,
        "Strong health-financing profile.",
    )
    record = AuditRecord.objects.get(action="approve")
    assert (record.actor, record.comment) == (manager_user, "Strong health-financing profile.")


def test_reject_without_a_note_is_refused_next_to_the_note(client, manager_user):
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    client.force_login(manager_user)

    response = client.post(reverse("experts:roster_vet", args=[expert.pk]), {"action": "reject"})

    assert response.status_code == 200
    assert response.context["vetting_form"].errors == {
        "note": ["Tell the expert why: a note is required to reject or suspend."]
    }
    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.APPLIED


def test_vetting_twice_shows_the_state_machine_message(client, manager_user):
    expert = ExpertFactory(roster_status=RosterStatus.APPROVED)
    client.force_login(manager_user)

    response = client.post(
        reverse("experts:roster_vet", args=[expert.pk]), {"action": "approve"}, follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["“Approve” is not possible while the status is “Approved”."]
