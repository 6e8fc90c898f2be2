"""Every free-text search box caps its length: over-long text gets a message on the page instead
of reaching the database (SQLite refuses a LIKE pattern over 50,000 bytes, and any database
wastes time on one)."""

import pytest
from django.urls import reverse

SEARCH_BOXES = [
    ("cooperation:staff_home", "q", 200),
    ("cooperation:action_list", "q", 200),
    ("experts:roster", "q", 200),
    ("missions:staff_list", "q", 100),
    ("partners:staff_institution_list", "q", 100),
    ("notifications:delivery_log", "recipient", 254),
    ("audit:record_list", "actor", 254),
]


@pytest.mark.parametrize(("url_name", "field", "limit"), SEARCH_BOXES)
def test_over_long_search_text_is_refused_with_a_message(
    client, manager_user, url_name, field, limit
):
    client.force_login(manager_user)

    response = client.get(reverse(url_name), {field: "x" * 60_000})

    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters" in response.content.decode()


@pytest.mark.parametrize(("url_name", "field", "limit"), SEARCH_BOXES)
def test_search_text_up_to_the_limit_is_accepted(client, manager_user, url_name, field, limit):
    client.force_login(manager_user)

    response = client.get(reverse(url_name), {field: "x" * limit})

    assert response.status_code == 200
    assert "Ensure this value has at most" not in response.content.decode()
