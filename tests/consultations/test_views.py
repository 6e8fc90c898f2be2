"""The consultation pages: who reaches them, bad input, the stakeholder's page and the panel."""

import pytest
from django.urls import reverse

from consultations.models import AnswerStatus, Consultation, ConsultationStatus, StakeholderContact
from consultations.tokens import addressee_token
from tests.factories import (
    ExpertUserFactory,
    ManagerFactory,
    OfficerFactory,
    PartnerUserFactory,
    country,
)
from tests.factories.consultations import AddresseeFactory, StakeholderContactFactory
from tests.factories.cooperation import InReviewRequestFactory

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_contact_list_is_for_staff_and_its_queries_are_bounded(
    client, django_assert_max_num_queries
):
    StakeholderContactFactory.create_batch(12)
    for user in (PartnerUserFactory(), ExpertUserFactory()):
        assert _client(client, user).get(reverse("consultations:contact_list")).status_code == 404
    _client(client, OfficerFactory())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("consultations:contact_list"), {"country": "ME"})
    assert response.status_code == 200
    assert response.content.count(b"stakeholder") >= 12
    assert b"Add a contact" not in response.content  # officers read only


def test_contact_search_over_the_limit_is_refused_with_a_message(client):
    _client(client, ManagerFactory())
    response = client.get(reverse("consultations:contact_list"), {"q": "x" * 500})
    assert response.status_code == 200
    assert b"at most 100 characters" in response.content


def test_a_manager_adds_edits_and_deactivates_a_contact(client):
    _client(client, ManagerFactory())
    data = {
        "country": country("ME").pk,
        "kind": "eu_delegation",
        "organisation": "EU Delegation to Montenegro",
        "name": "",
        "email": "delegation@eeas.example",
        "is_active": "on",
    }
    assert client.post(reverse("consultations:contact_create"), data).status_code == 302
    contact = StakeholderContact.objects.get()
    data["organisation"] = "EU Delegation, Podgorica"
    client.post(reverse("consultations:contact_edit", args=[contact.pk]), data)
    client.post(reverse("consultations:contact_deactivate", args=[contact.pk]))

    contact.refresh_from_db()
    assert (contact.organisation, contact.is_active) == ("EU Delegation, Podgorica", False)


def test_a_contact_without_address_is_refused(client):
    _client(client, ManagerFactory())
    response = client.post(
        reverse("consultations:contact_create"),
        {"country": "ME", "kind": "eu_delegation", "organisation": "X", "email": ""},
    )
    assert response.status_code == 400
    assert StakeholderContact.objects.count() == 0


def test_officers_cannot_change_contacts(client):
    contact = StakeholderContactFactory()
    _client(client, OfficerFactory())
    assert client.get(reverse("consultations:contact_create")).status_code == 404
    response = client.post(reverse("consultations:contact_deactivate", args=[contact.pk]))
    assert response.status_code == 404


def test_the_send_form_preselects_the_countrys_contacts_only(client):
    request = InReviewRequestFactory()
    mine = StakeholderContactFactory()
    other = StakeholderContactFactory(country=country("RS"))
    _client(client, OfficerFactory())
    response = client.get(reverse("consultations:send", args=[request.pk]))
    content = response.content.decode()
    assert f'value="{mine.pk}"' in content and "checked" in content
    assert other.organisation not in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"working_days": "5"}, "Choose at least one stakeholder"),
        ({"working_days": "0", "stakeholders": "MINE"}, "greater than or equal to 1"),
        ({"working_days": "abc", "stakeholders": "MINE"}, "Enter a whole number"),
        ({"working_days": "5", "stakeholders": "OTHER"}, "Select a valid choice"),
    ],
)
def test_the_send_form_refuses_bad_input(client, data, message):
    request = InReviewRequestFactory()
    ids = {
        "MINE": StakeholderContactFactory().pk,
        "OTHER": StakeholderContactFactory(country=country("RS")).pk,
    }
    if "stakeholders" in data:
        data = {**data, "stakeholders": ids[data["stakeholders"]]}
    _client(client, OfficerFactory())
    response = client.post(reverse("consultations:send", args=[request.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Consultation.objects.count() == 0


def test_a_draft_or_unknown_request_is_not_found(client):
    _client(client, OfficerFactory())
    assert client.get(reverse("consultations:send", args=[999999])).status_code == 404


def test_the_stakeholder_page_shows_no_partner_contact_and_takes_an_answer(client):
    addressee = AddresseeFactory()
    request = addressee.consultation.request
    url = reverse("consultations:answer", args=[addressee_token(addressee)])

    page = client.get(url).content.decode()
    assert request.title in page
    assert request.submitted_by.email not in page

    response = client.post(url, {"status": "objection", "text": ""})
    assert response.status_code == 400
    assert "reason for the objection" in response.content.decode()
    response = client.post(url, {"status": "objection", "text": "y" * 5001})
    assert response.status_code == 400
    client.post(url, {"status": "objection", "text": "We object."})
    client.post(url, {"status": "no_objection", "text": ""})

    addressee.refresh_from_db()
    assert addressee.status == AnswerStatus.NO_OBJECTION
    assert addressee.answers.count() == 2


@pytest.mark.parametrize("token", ["garbage", "eyJhIjoxfQ:1abc:def"])
def test_a_tampered_link_gets_a_clear_page(client, token):
    response = client.get(reverse("consultations:answer", args=[token]))
    assert response.status_code == 400
    assert b"This link is not valid" in response.content


def test_a_closed_consultation_link_gets_a_clear_page(client):
    addressee = AddresseeFactory(consultation__status=ConsultationStatus.CLOSED)
    response = client.post(
        reverse("consultations:answer", args=[addressee_token(addressee)]),
        {"status": "no_objection"},
    )
    assert response.status_code == 410
    assert b"This consultation is closed" in response.content


def test_the_panel_shows_answers_and_the_override_only_to_managers(client):
    addressee = AddresseeFactory(status=AnswerStatus.OBJECTION, text="Overlap with IPA.")
    request = addressee.consultation.request
    url = reverse("cooperation:staff_request_detail", args=[request.pk])

    officer_page = _client(client, OfficerFactory()).get(url).content.decode()
    assert "Overlap with IPA." in officer_page
    assert reverse("consultations:override", args=[addressee.consultation.pk]) not in officer_page
    manager_page = _client(client, ManagerFactory()).get(url).content.decode()
    assert reverse("consultations:override", args=[addressee.consultation.pk]) in manager_page


def test_a_manager_overrides_through_the_page_and_an_empty_reason_is_refused(client):
    addressee = AddresseeFactory(status=AnswerStatus.OBJECTION, text="No.")
    consultation = addressee.consultation
    url = reverse("consultations:override", args=[consultation.pk])
    _client(client, ManagerFactory())

    client.post(url, {"reason": ""})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    client.post(url, {"reason": "Checked with the donor: no overlap."})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OVERRIDDEN


def test_partners_never_see_consultations(client):
    addressee = AddresseeFactory(status=AnswerStatus.OBJECTION, text="Secret objection.")
    request = addressee.consultation.request
    response = _client(client, request.submitted_by).get(
        reverse("cooperation:partner_request_detail", args=[request.pk])
    )
    assert response.status_code in (200, 404)
    assert b"Secret objection." not in response.content
    assert b"consultation" not in response.content.lower()


def test_the_panel_queries_do_not_grow_with_the_stakeholders(client, django_assert_max_num_queries):
    from consultations.templatetags.consultations_tags import request_consultations

    addressee = AddresseeFactory(status=AnswerStatus.OBJECTION, text="No.")
    consultation = addressee.consultation
    for _ in range(8):
        AddresseeFactory(consultation=consultation, status=AnswerStatus.COMMENT, text="Hm.")

    class _Request:
        user = ManagerFactory()

    with django_assert_max_num_queries(4):
        panel = request_consultations({"request": _Request()}, consultation.request)
        rows = [a.answers.all() for c in panel["consultations"] for a in c.addressees.all()]
    assert len(rows) == 9
    assert panel["blocking"]
