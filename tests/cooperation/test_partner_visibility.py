"""The partner sees the requests their institutions lead or co-apply for, each once, without a
DISTINCT query (cooperation.selectors.requests_visible_to, docs/performance.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.selectors import requests_visible_to
from tests.factories import InstitutionFactory, MembershipFactory, SubmittedRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return MembershipFactory()


def test_lead_and_co_applied_requests_each_once(membership):
    mine = membership.institution
    led = SubmittedRequestFactory(lead_institution=mine)
    led.co_applicants.add(mine, InstitutionFactory())
    co_applied = SubmittedRequestFactory()
    co_applied.co_applicants.add(mine)
    SubmittedRequestFactory().co_applicants.add(InstitutionFactory())

    visible = list(requests_visible_to(membership.user).order_by("pk"))

    assert visible == [led, co_applied]


def test_another_institutions_request_stays_hidden(membership):
    other = SubmittedRequestFactory()

    assert not requests_visible_to(membership.user).filter(pk=other.pk).exists()


def test_my_requests_page_counts_without_distinct(client, membership):
    SubmittedRequestFactory.create_batch(3, lead_institution=membership.institution)
    client.force_login(membership.user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cooperation:partner_requests"))

    assert response.context["page_obj"].paginator.count == 3
    assert not any("DISTINCT" in q["sql"] for q in queries)


def test_a_partner_without_institution_sees_no_request(client):
    from tests.factories import PartnerUserFactory

    SubmittedRequestFactory()
    user = PartnerUserFactory()
    client.force_login(user)

    assert list(requests_visible_to(user)) == []
    response = client.get(reverse("cooperation:partner_requests"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
