"""The request's copy of its lead institution's country, and the queue's country filter on it."""

import uuid

import pytest
from django.urls import reverse

from cooperation.models import Request, RequestStatus
from cooperation.services import request_create_draft
from tests.factories import (
    InstitutionFactory,
    PartnerUserFactory,
    RequestFactory,
    SubmittedRequestFactory,
    country,
    theme,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("cooperation:staff_home")


def stored_country(request: Request) -> str:
    return Request.objects.values_list("country_id", flat=True).get(pk=request.pk)


def test_request_country_is_the_lead_institutions_on_create():
    georgia = InstitutionFactory(country=country("GE"))

    draft = request_create_draft(
        user=PartnerUserFactory(), institution=georgia, title="Pensions", token=uuid.uuid4()
    )

    assert stored_country(draft) == "GE"
    assert stored_country(RequestFactory()) == "ME"


@pytest.mark.parametrize("update_fields", [None, ["lead_institution"]])
def test_request_country_follows_a_change_of_lead_institution(update_fields):
    request = SubmittedRequestFactory()

    request.lead_institution = InstitutionFactory(country=country("AL"))
    request.save(update_fields=update_fields)

    assert stored_country(request) == "AL"


def test_request_country_stays_when_other_fields_are_saved():
    request = SubmittedRequestFactory()
    Request.objects.filter(pk=request.pk).update(title="Changed elsewhere")

    request.status = RequestStatus.IN_REVIEW
    request.save(update_fields=["status"])

    assert stored_country(request) == "ME"
    assert Request.objects.get(pk=request.pk).title == "Changed elsewhere"


def test_request_country_follows_the_institutions_country():
    moving = InstitutionFactory(country=country("ME"))
    led = [
        SubmittedRequestFactory(lead_institution=moving),
        RequestFactory(lead_institution=moving),  # a draft too
    ]
    co_applied = SubmittedRequestFactory()
    co_applied.co_applicants.add(moving)

    moving.country = country("RS")
    moving.save()

    assert [stored_country(request) for request in led] == ["RS", "RS"]
    assert stored_country(co_applied) == "ME"  # the lead institution's country only

    moving.country = country("AL")
    moving.save(update_fields=["country", "updated_at"])

    assert [stored_country(request) for request in led] == ["AL", "AL"]


def test_request_country_ignores_institution_saves_without_the_country():
    institution = InstitutionFactory(country=country("ME"))
    request = SubmittedRequestFactory(lead_institution=institution)
    Request.objects.filter(pk=request.pk).update(country=country("GE"))  # as if out of step

    institution.name = "Ministry of Labour"
    institution.save(update_fields=["name", "updated_at"])

    assert stored_country(request) == "GE"


# --- The queue's country filter ---------------------------------------------------------------


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def queue_references(client, filters: dict) -> list[str]:
    response = client.get(QUEUE, {**filters, "sort": "reference"})
    assert response.status_code == 200
    return [request.reference for request in response.context["page_obj"].object_list]


@pytest.fixture
def requests_in_three_countries():
    """Requests led from Georgia, Albania and Montenegro; some co-applied from Georgia."""
    institutions = {code: InstitutionFactory(country=country(code)) for code in ("GE", "AL", "ME")}
    requests = []
    statuses = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.IN_REVIEW)
    for number in range(12):
        code = ("GE", "AL", "ME")[number % 3]
        request = SubmittedRequestFactory(
            lead_institution=institutions[code], status=statuses[number % len(statuses)]
        )
        request.themes.set([theme("pensions") if number % 2 else theme("health-insurance")])
        if code != "GE" and number % 4 == 1:
            request.co_applicants.add(institutions["GE"])
        requests.append(request)
    RequestFactory(lead_institution=institutions["GE"])  # a draft: never in the queue
    return requests


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"theme": "pensions"},
        {"status": "accepted"},
        {"status": "open", "theme": "health-insurance"},
        {"region": "western_balkans"},
        {"q": "child protection"},
    ],
)
@pytest.mark.parametrize("code", ["GE", "AL", "ME", "RS"])
def test_queue_country_filter_gives_the_lead_institutions_country(
    officer_client, requests_in_three_countries, filters, code
):
    if "theme" in filters:
        filters = {**filters, "theme": theme(filters["theme"]).pk}
    country_of = {r.reference: r.lead_institution.country_id for r in requests_in_three_countries}

    without_country = queue_references(officer_client, filters)
    with_country = queue_references(officer_client, {**filters, "country": code})

    assert with_country == [ref for ref in without_country if country_of[ref] == code]


def test_queue_country_filter_follows_an_institution_that_moves(officer_client):
    moving = InstitutionFactory(country=country("ME"))
    request = SubmittedRequestFactory(lead_institution=moving)

    moving.country = country("AL")
    moving.save()

    assert queue_references(officer_client, {"country": "AL"}) == [request.reference]
    assert queue_references(officer_client, {"country": "ME"}) == []
