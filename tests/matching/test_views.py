"""The shortlist page: staff only, "Find experts", the polled status, and staff's edits."""

import pytest
from django.urls import reverse

from experts.models import Shortlist, ShortlistStatus
from experts.shortlists import shortlist_compute, shortlist_refresh

from .builders import expert_with, request_for


def url(name: str, request, *args) -> str:
    return reverse(f"experts:{name}", args=["request", request.pk, *args])


@pytest.fixture
def matched(db, django_capture_on_commit_callbacks):
    """A request with three matched experts on its shortlist."""
    experts = [
        expert_with(name=f"Expert {number}", themes={"pensions": 16 - number})
        for number in range(3)
    ]
    request = request_for(themes=["pensions"], title="Pension reform")
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_refresh(subject=request)
    return request, experts


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("shortlist", "get", ()),
        ("shortlist_status", "get", ()),
        ("shortlist_candidates", "get", ()),
        ("shortlist_run", "post", ()),
        ("shortlist_add", "post", ()),
        ("shortlist_selection", "post", ()),
        ("shortlist_drop", "post", (1,)),
        ("shortlist_restore", "post", (1,)),
    ],
)
def test_shortlist_urls_do_not_exist_for_partners_and_experts(
    client, login, partner_user, expert_user, matched, name, method, extra
):
    request, _experts = matched
    for user in (partner_user, expert_user):
        login(client, user)
        assert getattr(client, method)(url(name, request, *extra)).status_code == 404


def test_shortlist_page_sends_anonymous_visitors_to_log_in(client, matched):
    request, _experts = matched

    response = client.get(url("shortlist", request))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_shortlist_page_answers_404_for_an_unknown_subject(client, login, officer_user):
    login(client, officer_user)

    assert client.get(reverse("experts:shortlist", args=["action", 1])).status_code == 404
    assert client.get(reverse("experts:shortlist", args=["request", 999])).status_code == 404


def test_find_experts_queues_matching_and_shows_the_shortlist(
    client, login, officer_user, django_capture_on_commit_callbacks
):
    expert = expert_with(name="Ana Pensions", themes={"pensions": 12})
    request = request_for(themes=["pensions"])
    login(client, officer_user)
    page = client.get(url("shortlist", request)).content.decode()
    assert "Matching has not run yet" in page

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(url("shortlist_run", request))

    assert len(queued) == 1
    assert response["Location"] == url("shortlist", request)
    page = client.get(url("shortlist", request)).content.decode()
    assert "Ana Pensions" in page
    assert "Pensions: exact sub-area, 12 years" in page
    assert Shortlist.objects.get().requested_by == officer_user
    assert expert.pk == Shortlist.objects.get().entries.get().expert_id


def test_status_fragment_polls_while_running_and_stops_when_done(
    client, login, officer_user, matched
):
    request, _experts = matched
    login(client, officer_user)
    Shortlist.objects.update(status=ShortlistStatus.RUNNING)

    running = client.get(url("shortlist_status", request)).content.decode()
    Shortlist.objects.update(status=ShortlistStatus.DONE)
    done = client.get(url("shortlist_status", request)).content.decode()

    assert 'hx-trigger="every 1s"' in running
    assert "Matching the roster" in running
    assert "hx-trigger" not in done
    assert "Expert 0" in done


def test_dropping_needs_a_reason(client, login, officer_user, matched):
    request, experts = matched
    entry = Shortlist.objects.get().entries.get(expert=experts[0])
    login(client, officer_user)

    refused = client.post(url("shortlist_drop", request, entry.pk), {"note": ""}, follow=True)
    entry.refresh_from_db()
    assert entry.dropped is False
    assert "Give a reason to drop a candidate." in refused.content.decode()

    client.post(url("shortlist_drop", request, entry.pk), {"note": "On leave"})
    entry.refresh_from_db()
    assert (entry.dropped, entry.note) == (True, "On leave")

    client.post(url("shortlist_restore", request, entry.pk), {"note": ""})
    entry.refresh_from_db()
    assert entry.dropped is False


def test_selection_is_stored(client, login, officer_user, matched):
    request, experts = matched
    shortlist = Shortlist.objects.get()
    chosen = [shortlist.entries.get(expert=expert).pk for expert in experts[:2]]
    login(client, officer_user)

    response = client.post(url("shortlist_selection", request), {"entries": chosen}, follow=True)

    assert set(shortlist.entries.filter(selected=True).values_list("pk", flat=True)) == set(chosen)
    assert "2 expert(s) selected" in response.content.decode()


def test_candidate_search_and_add(client, login, officer_user, matched):
    request, _experts = matched
    outsider = expert_with(name="Zora Outsider")
    login(client, officer_user)

    found = client.get(url("shortlist_candidates", request), {"q": "zora"}).content.decode()
    assert "Zora Outsider" in found
    assert "Expert 0" not in found

    client.post(url("shortlist_add", request), {"expert": outsider.pk, "note": "Suggested"})

    entry = Shortlist.objects.get().entries.get(expert=outsider)
    assert (entry.source, entry.note, entry.rank) == ("added", "Suggested", 4)


def test_shortlist_page_costs_a_fixed_number_of_queries(
    client, login, officer_user, matched, django_assert_max_num_queries
):
    request, _experts = matched
    login(client, officer_user)
    for number in range(10):
        expert_with(name=f"Late {number}", themes={"pensions": 1})
    shortlist_compute(shortlist_id=Shortlist.objects.get().pk)

    with django_assert_max_num_queries(20):
        response = client.get(url("shortlist", request))

    assert response.content.decode().count('name="entries"') == 13


def test_candidate_search_ignores_input_that_is_not_valid(client, login, officer_user, matched):
    request, _experts = matched
    login(client, officer_user)

    for query in ("nul\x00byte", "x" * 5000):
        response = client.get(url("shortlist_candidates", request), {"q": query})
        assert response.status_code == 200
        assert "Add to the shortlist" not in response.content.decode()
