"""The staff triage queue: filters in the URL, sorting, counts per status, bulk assignment, export,
and a fixed number of queries per page whatever the number of requests."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from audit.selectors import audit_records_for
from cooperation.models import RequestStatus
from partners.models import InstitutionType, VerificationStatus
from tests.factories import (
    ExpertUserFactory,
    InstitutionFactory,
    OfficerFactory,
    PartnerUserFactory,
    RequestFactory,
    SubmittedRequestFactory,
    country,
    theme,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("cooperation:staff_home")


def references(response) -> list[str]:
    return [request.reference for request in response.context["page_obj"].object_list]


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def test_queue_lists_submitted_requests_but_no_drafts(officer_client):
    submitted = SubmittedRequestFactory()
    RequestFactory(title="A draft the partner is still writing")

    response = officer_client.get(QUEUE)

    assert response.status_code == 200
    assert references(response) == [submitted.reference]


@pytest.mark.parametrize("role_factory", [PartnerUserFactory, ExpertUserFactory])
def test_queue_is_not_found_for_other_roles(client, role_factory):
    client.force_login(role_factory())

    assert client.get(QUEUE).status_code == 404


def test_queue_sends_anonymous_users_to_log_in(client):
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_queue_filters_by_status_country_region_and_type(officer_client):
    kosovo = InstitutionFactory(country=country("XK"), type=InstitutionType.SOCIAL_SECURITY_FUND)
    in_review = SubmittedRequestFactory(status=RequestStatus.IN_REVIEW, lead_institution=kosovo)
    georgia = SubmittedRequestFactory(lead_institution=InstitutionFactory(country=country("GE")))
    montenegro = SubmittedRequestFactory()

    by_status = officer_client.get(QUEUE, {"status": "in_review"})
    by_country = officer_client.get(QUEUE, {"country": "GE"})
    by_region = officer_client.get(QUEUE, {"region": "western_balkans", "sort": "reference"})
    by_type = officer_client.get(QUEUE, {"institution_type": "social_security_fund"})

    assert references(by_status) == [in_review.reference]
    assert references(by_country) == [georgia.reference]
    assert references(by_region) == [in_review.reference, montenegro.reference]
    assert references(by_type) == [in_review.reference]


def test_queue_open_status_means_not_decided(officer_client):
    open_ones = [
        SubmittedRequestFactory(status=status)
        for status in (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.ON_HOLD)
    ]
    SubmittedRequestFactory(status=RequestStatus.ACCEPTED)
    SubmittedRequestFactory(status=RequestStatus.WITHDRAWN)

    response = officer_client.get(QUEUE, {"status": "open", "sort": "reference"})

    assert references(response) == [r.reference for r in open_ones]


def test_queue_filters_by_theme_including_sub_areas(officer_client):
    pensions = SubmittedRequestFactory()
    pensions.themes.set([theme("pensions")])
    health = SubmittedRequestFactory()
    health.themes.set([theme("health-insurance")])

    by_area = officer_client.get(QUEUE, {"theme": theme("social-protection").pk})
    by_sub_area = officer_client.get(QUEUE, {"theme": theme("health-insurance").pk})

    assert references(by_area) == [pensions.reference]
    assert references(by_sub_area) == [health.reference]


def test_queue_filters_by_officer_unassigned_and_mine(officer_client, officer_user):
    mine = SubmittedRequestFactory(assigned_officer=officer_user)
    colleague = OfficerFactory()
    theirs = SubmittedRequestFactory(assigned_officer=colleague)
    nobody = SubmittedRequestFactory()

    assert references(officer_client.get(QUEUE, {"officer": colleague.pk})) == [theirs.reference]
    assert references(officer_client.get(QUEUE, {"officer": "null"})) == [nobody.reference]
    assert references(officer_client.get(QUEUE, {"mine": "on"})) == [mine.reference]


def test_queue_filters_by_verification_and_submission_period(officer_client):
    verified = SubmittedRequestFactory(
        lead_institution=InstitutionFactory(verification_status=VerificationStatus.VERIFIED),
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 23, 30)),
    )
    unverified = SubmittedRequestFactory(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 11, 8, 0))
    )

    assert references(officer_client.get(QUEUE, {"verified": "yes"})) == [verified.reference]
    assert references(officer_client.get(QUEUE, {"verified": "no"})) == [unverified.reference]
    march_10 = {"submitted_from": "2026-03-10", "submitted_until": "2026-03-10"}
    assert references(officer_client.get(QUEUE, march_10)) == [verified.reference]
    from_11 = {"submitted_from": "2026-03-11"}
    assert references(officer_client.get(QUEUE, from_11)) == [unverified.reference]


def test_queue_search_covers_reference_title_institution_and_text(officer_client):
    fund = SubmittedRequestFactory(
        lead_institution=InstitutionFactory(name="Health Insurance Fund", acronym="FSDK")
    )
    foster = SubmittedRequestFactory(title="Foster care standards")
    text = SubmittedRequestFactory(context="Municipal social services lack inspectors.")

    assert references(officer_client.get(QUEUE, {"q": "insurance fund"})) == [fund.reference]
    assert references(officer_client.get(QUEUE, {"q": "fsdk"})) == [fund.reference]
    assert references(officer_client.get(QUEUE, {"q": "FOSTER"})) == [foster.reference]
    assert references(officer_client.get(QUEUE, {"q": "inspectors"})) == [text.reference]
    assert references(officer_client.get(QUEUE, {"q": foster.reference})) == [foster.reference]


def test_queue_sorts_by_column_both_ways(officer_client):
    b = SubmittedRequestFactory(title="B pensions")
    a = SubmittedRequestFactory(title="A disability")

    ascending = officer_client.get(QUEUE, {"sort": "title"})
    descending = officer_client.get(QUEUE, {"sort": "-title"})

    assert references(ascending) == [a.reference, b.reference]
    assert references(descending) == [b.reference, a.reference]
    title_header = next(h for h in ascending.context["headers"] if h.key == "title")
    assert (title_header.aria_sort, title_header.href) == ("ascending", "?sort=-title")


def test_queue_counts_per_status_follow_the_other_filters(officer_client):
    georgia = InstitutionFactory(country=country("GE"))
    SubmittedRequestFactory.create_batch(2, lead_institution=georgia)
    SubmittedRequestFactory(lead_institution=georgia, status=RequestStatus.ACCEPTED)
    SubmittedRequestFactory(status=RequestStatus.ACCEPTED)

    response = officer_client.get(QUEUE, {"country": "GE", "status": "accepted"})

    counts = {link["value"]: link["count"] for link in response.context["status_links"]}
    assert (counts["open"], counts["submitted"], counts["accepted"]) == (2, 2, 1)
    accepted = next(link for link in response.context["status_links"] if link["current"])
    assert accepted["href"] == "?country=GE&status=accepted"


def test_queue_keeps_bad_filter_input_next_to_the_field(officer_client):
    SubmittedRequestFactory()

    response = officer_client.get(QUEUE, {"submitted_from": "not a date", "country": "ZZ"})

    assert response.status_code == 200
    form = response.context["filter"].form
    assert sorted(form.errors) == ["country", "submitted_from"]
    assert len(references(response)) == 1


def test_queue_paginates_and_keeps_the_filters_in_page_links(officer_client):
    SubmittedRequestFactory.create_batch(27)

    response = officer_client.get(QUEUE, {"status": "submitted", "page": 2})

    assert len(references(response)) == 2
    assert 'href="?status=submitted&amp;page=1"' in response.content.decode()


def test_queue_runs_a_fixed_number_of_queries(officer_client, django_assert_max_num_queries):
    def fill(count: int) -> None:
        for _n in range(count):
            SubmittedRequestFactory(
                lead_institution=InstitutionFactory(), assigned_officer=OfficerFactory()
            ).themes.set([theme("pensions")])

    filters = {"theme": theme("pensions").pk, "sort": "country", "status": "open"}
    fill(3)
    with django_assert_max_num_queries(15) as few:  # the layout (session, user, bell) included
        officer_client.get(QUEUE, filters)
    fill(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(QUEUE, filters)

    assert len(references(response)) == 25


def test_queue_htmx_request_gets_only_the_results(officer_client):
    SubmittedRequestFactory(title="Pension reform")

    response = officer_client.get(QUEUE, {"q": "pension"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "Pension reform" in body
    assert "<html" not in body


def test_bulk_assign_sets_the_officer_and_records_it(officer_client, officer_user):
    chosen = SubmittedRequestFactory.create_batch(2)
    untouched = SubmittedRequestFactory()
    colleague = OfficerFactory(full_name="Ana Colleague")

    response = officer_client.post(
        reverse("cooperation:staff_requests_assign"),
        {
            "bulk-requests": [r.pk for r in chosen],
            "bulk-officer": colleague.pk,
            "next": f"{QUEUE}?status=submitted",
        },
    )

    assert response.status_code == 302
    assert response.url == f"{QUEUE}?status=submitted"
    for request in chosen:
        request.refresh_from_db()
        record = audit_records_for(request).get()
        assert request.assigned_officer == colleague
        assert (record.action, record.actor) == ("assigned", officer_user)
    untouched.refresh_from_db()
    assert untouched.assigned_officer is None


def test_bulk_assign_without_selection_explains_and_changes_nothing(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.post(
        reverse("cooperation:staff_requests_assign"),
        {"bulk-officer": OfficerFactory().pk, "next": "https://evil.example/"},
        follow=True,
    )

    request.refresh_from_db()
    assert request.assigned_officer is None
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Select at least one request." in response.content.decode()


def test_bulk_assign_refuses_a_partner_as_officer(officer_client):
    request = SubmittedRequestFactory()

    officer_client.post(
        reverse("cooperation:staff_requests_assign"),
        {"bulk-requests": [request.pk], "bulk-officer": PartnerUserFactory().pk},
    )

    request.refresh_from_db()
    assert request.assigned_officer is None


def test_export_csv_has_the_filtered_rows(officer_client):
    fund = SubmittedRequestFactory(
        title="=HYPERLINK(1)", lead_institution=InstitutionFactory(name="Fund")
    )
    fund.themes.set([theme("pensions")])
    SubmittedRequestFactory(status=RequestStatus.REJECTED)

    response = officer_client.get(
        reverse("cooperation:staff_requests_export", args=["csv"]), {"status": "submitted"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="requests-')
    assert len(rows) == 2
    assert rows[1][:3] == [fund.reference, "'=HYPERLINK(1)", "Fund"]
    assert rows[1][8] == "Social protection › Pensions"


def test_export_xlsx_opens_as_a_workbook(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.get(reverse("cooperation:staff_requests_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:2] == [request.reference, request.title]


def test_export_unknown_format_is_not_found(officer_client):
    assert (
        officer_client.get(reverse("cooperation:staff_requests_export", args=["pdf"])).status_code
        == 404
    )


def test_queue_counts_per_status_exactly_up_to_the_cap(officer_client, monkeypatch):
    monkeypatch.setattr("cooperation.views.staff.STATUS_COUNT_CAP", 3)
    georgia = InstitutionFactory(country=country("GE"))
    SubmittedRequestFactory.create_batch(2, lead_institution=georgia)
    SubmittedRequestFactory(lead_institution=georgia, status=RequestStatus.ACCEPTED)

    response = officer_client.get(QUEUE, {"country": "GE"})

    counts = {link["value"]: link["count"] for link in response.context["status_links"]}
    assert (counts["open"], counts["submitted"], counts["accepted"]) == (2, 2, 1)
    assert response.context["page_obj"].count == 3
    assert not response.context["page_obj"].count_is_estimate
    assert b'badge--accepted">1<' in response.content


def test_queue_beyond_the_cap_shows_links_without_counts_and_an_estimate(
    officer_client, monkeypatch
):
    monkeypatch.setattr("cooperation.views.staff.STATUS_COUNT_CAP", 2)
    georgia = InstitutionFactory(country=country("GE"))
    SubmittedRequestFactory.create_batch(2, lead_institution=georgia)
    SubmittedRequestFactory(lead_institution=georgia, status=RequestStatus.ACCEPTED)

    response = officer_client.get(QUEUE, {"country": "GE"})

    assert len(references(response)) == 3
    assert {link["count"] for link in response.context["status_links"]} == {None}
    assert b'</a> <span class="badge badge--open">' not in response.content
    page = response.context["page_obj"]
    assert page.count_is_estimate and page.count >= 3  # PostgreSQL: the planner's estimate
    assert f"About {page.count} requests".encode() in response.content

    # One status chosen: its list is counted by the paginator (exactly, under its own cap).
    accepted = officer_client.get(QUEUE, {"country": "GE", "status": "accepted"})
    assert accepted.context["page_obj"].count == 1
    assert not accepted.context["page_obj"].count_is_estimate
    assert {link["count"] for link in accepted.context["status_links"]} == {None}


def test_capped_status_counts_stop_after_the_cap():
    from cooperation.selectors_staff import request_status_counts_capped, requests_for_staff

    SubmittedRequestFactory.create_batch(2)
    SubmittedRequestFactory(status=RequestStatus.ACCEPTED)

    exact, capped = request_status_counts_capped(requests_for_staff(), cap=3)
    assert (exact, capped) == ({"submitted": 2, "accepted": 1}, False)
    partial, capped = request_status_counts_capped(requests_for_staff(), cap=1)
    assert capped and sum(partial.values()) == 2


def test_status_display_is_djangos_for_every_status_and_language():
    from django.db.models import Model
    from django.utils import translation

    from cooperation.models import Request

    field = Request._meta.get_field("status")
    for language in ("en",):
        with translation.override(language):
            for value in [*RequestStatus.values, "not-a-status"]:
                request = Request(status=value)
                assert request.get_status_display() == Model._get_FIELD_display(request, field)
