"""The programme in numbers: open to everyone, and without any personal data."""

import re

from django.urls import reverse

from accounts.models import User
from cooperation.models import ActionStatus
from tests.factories import ActionFactory, InstitutionFactory, OfficerFactory

URL = reverse("reporting:programme_in_numbers")


def test_programme_in_numbers_is_public(client, programme):
    response = client.get(URL)

    assert response.status_code == 200
    assert "The programme in numbers" in response.content.decode()


def test_programme_in_numbers_lists_completed_actions_with_partners_and_themes(client, programme):
    response = client.get(URL)

    html = response.content.decode()
    assert programme.actions.a1.title in html
    assert programme.actions.a4.title in html
    assert programme.actions.a2.title not in html
    assert "Ministry of Labour and Social Welfare" in html
    assert "Social Health Insurance Fund" in html
    assert "Social protection › Pensions" in html


def test_programme_in_numbers_shows_no_name_or_email_of_a_person(client, programme):
    response = client.get(URL)

    html = response.content.decode()
    people = User.objects.all()
    assert people.count() > 10
    for person in people:
        assert person.email not in html
        assert person.full_name not in html
    assert re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", html) == []


def test_programme_in_numbers_counts_by_country(client, programme):
    response = client.get(URL)

    html = response.content.decode()
    rows = re.findall(r'<th scope="row">(\w+)</th><td class="num">(\d+)</td>', html)
    assert ("Kazakhstan", "3") in rows
    assert ("Kosovo", "2") in rows


def test_programme_in_numbers_pages_the_completed_actions(client, db):
    officer = OfficerFactory()
    institution = InstitutionFactory()
    for _ in range(26):
        ActionFactory(institutions=[institution], status=ActionStatus.CLOSED, created_by=officer)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()

    assert first.count('<li class="card">') == 25
    assert second.count('<li class="card">') == 1


def test_programme_in_numbers_runs_few_queries_once_cached(
    client, programme, django_assert_max_num_queries
):
    client.get(URL)

    with django_assert_max_num_queries(6):
        client.get(URL)
