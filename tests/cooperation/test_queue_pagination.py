"""The queue's pagination (cooperation.pagination): numbered pages near the start, keyset cursors
beyond, an estimated total past the cap, and a bad cursor that shows the first page."""

import datetime

import pytest
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cooperation import pagination
from tests.factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("cooperation:staff_home")


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


@pytest.fixture
def sixty(db):
    """60 submitted requests, one a day: the newest first is their order in the queue."""
    now = timezone.now()
    requests = [
        SubmittedRequestFactory(submitted_at=now - datetime.timedelta(days=n)) for n in range(60)
    ]
    return [r.reference for r in requests]


def references(response) -> list[str]:
    return [r.reference for r in response.context["page_obj"].object_list]


def follow(client, href: str):
    return client.get(QUEUE + href)


def test_numbered_pages_then_cursors_cover_every_request_once(officer_client, sixty, monkeypatch):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)  # page 2 on by cursor
    first = officer_client.get(QUEUE)
    second = follow(officer_client, first.context["page_obj"].next_href)
    third = follow(officer_client, second.context["page_obj"].next_href)

    assert "cursor=" in first.context["page_obj"].next_href
    assert references(first) + references(second) + references(third) == sixty
    assert second.context["page_obj"].number == 2
    assert not third.context["page_obj"].has_next


def test_previous_and_last_cursors(officer_client, sixty, monkeypatch):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)
    first = officer_client.get(QUEUE)
    second = follow(officer_client, first.context["page_obj"].next_href)
    third = follow(officer_client, second.context["page_obj"].next_href)

    back = follow(officer_client, third.context["page_obj"].previous_href)
    last = follow(officer_client, first.context["page_obj"].last_href)

    assert references(back) == sixty[25:50]
    assert references(last) == sixty[35:]
    assert last.context["page_obj"].number == 3
    assert not last.context["page_obj"].has_next
    assert "Page 3 of 3" in last.content.decode()


def test_cursor_pages_keep_the_filters(officer_client, sixty, monkeypatch):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)
    first = officer_client.get(QUEUE, {"status": "submitted"})
    href = first.context["page_obj"].next_href

    assert href.startswith("?status=submitted&cursor=")
    assert references(follow(officer_client, href)) == sixty[25:50]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        signing.dumps({"k": "queue:-submitted_at,-id", "d": "after", "v": ["x", 1], "n": 9}),
        signing.dumps(
            {"k": "roster:-id", "d": "after", "v": [5], "n": 2}, salt=pagination.CURSOR_SALT
        ),
        signing.dumps(
            {"k": "queue:-submitted_at,-id", "d": "after", "v": ["not a date", "x"], "n": 2},
            salt=pagination.CURSOR_SALT,
        ),
        signing.dumps(
            {"k": "queue:-submitted_at,-id", "d": "after", "v": ["1990-01-01T00:00:00+00:00", 1]},
            salt=pagination.CURSOR_SALT,
        ),
    ],
    ids=["garbled", "unsigned-salt", "other-list", "bad-values", "past-the-end"],
)
def test_a_bad_or_stale_cursor_shows_the_first_page(officer_client, sixty, cursor):
    response = officer_client.get(QUEUE, {"cursor": cursor})

    assert response.status_code == 200
    assert references(response) == sixty[:25]
    assert response.context["page_obj"].number == 1


def test_a_cursor_survives_the_deletion_of_its_row(officer_client, sixty, monkeypatch):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)
    first = officer_client.get(QUEUE)
    last_shown = first.context["page_obj"].object_list[-1]
    href = first.context["page_obj"].next_href
    last_shown.delete()

    assert references(follow(officer_client, href)) == sixty[25:50]


def test_a_sorted_queue_pages_by_number(officer_client, sixty, monkeypatch):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)
    response = officer_client.get(QUEUE, {"sort": "reference", "page": 2})

    assert references(response) == sorted(sixty)[25:50]
    assert "cursor=" not in response.context["page_obj"].next_href


def test_the_queue_total_is_exact_from_its_counts_per_status(officer_client, sixty):
    response = officer_client.get(QUEUE)

    assert response.context["page_obj"].count == 60
    assert not response.context["page_obj"].count_is_estimate
    assert "60 requests" in response.content.decode()


def test_roster_total_beyond_the_cap_reads_about(client, officer_user, monkeypatch):
    from tests.factories import ExpertFactory

    ExpertFactory.create_batch(4)
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    client.force_login(officer_user)

    response = client.get(reverse("experts:roster"))

    page_obj = response.context["page_obj"]
    assert page_obj.count_is_estimate
    assert page_obj.count >= 3
    assert "About" in response.content.decode()


def test_counted_is_exact_up_to_the_cap(sixty):
    from cooperation.models import Request

    assert pagination.counted(Request.objects.all(), cap=100) == (60, False)
    count, estimate = pagination.counted(Request.objects.all(), cap=10)
    assert estimate and count >= 11


@pytest.mark.postgres
def test_queue_search_uses_the_trigram_index(sixty):
    from cooperation.filters import StaffRequestFilter
    from cooperation.models import Request

    # All requests, drafts too: on a table this small the planner would otherwise read the
    # queue's partial index (every submitted request) rather than the trigram one.
    filterset = StaffRequestFilter({"q": "pension"}, queryset=Request.objects.all())

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = filterset.qs.order_by().explain()

    assert "cooperation_request_search_trgm" in plan, plan


def test_a_typed_deep_page_number_stops_at_the_last_numbered_page(
    officer_client, sixty, monkeypatch
):
    monkeypatch.setattr(pagination, "OFFSET_PAGES", 1)  # beyond page 1, cursors only

    response = officer_client.get(QUEUE, {"page": 3})

    assert response.context["page_obj"].number == 1
    assert references(response) == sixty[:25]
