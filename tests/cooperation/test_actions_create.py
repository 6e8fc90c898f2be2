"""Creating an action from an accepted request: prefilled, completed by staff, one per request."""

import datetime

import pytest
from django.urls import reverse

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Action, ActionStatus, RequestStatus
from cooperation.services_staff import action_create_from_request
from notifications.models import Notification
from tests.factories import (
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    SubmittedRequestFactory,
    theme,
)

pytestmark = pytest.mark.django_db


def accepted_request(**fields):
    request = SubmittedRequestFactory(status=RequestStatus.ACCEPTED, **fields)
    request.themes.set([theme("health-insurance")])
    request.co_applicants.set([InstitutionFactory(name="Municipality of Prizren")])
    return request


def create_url(request) -> str:
    return reverse("cooperation:staff_action_create", args=[request.pk])


def completed_plan(form_initial: dict, officer) -> dict:
    return {
        "title": form_initial["title"],
        "institutions": [i.pk for i in form_initial["institutions"]],
        "themes": [t.pk for t in form_initial["themes"]],
        "objectives": form_initial["objectives"],
        "expected_results": form_initial["expected_results"],
        "indicators": "Law amended\nFund's board trained",
        "planned_activities": "Expert mission on site\nStudy visit to Luxembourg",
        "budget_expert_days": "30",
        "budget_eur": "42000.00",
        "period_start": "2026-09-01",
        "period_end": "2027-03-31",
        "assigned_officer": officer.pk,
    }


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def test_create_form_is_prefilled_from_the_request(officer_client):
    request = accepted_request(title="Review of the Law on Health Insurance")

    response = officer_client.get(create_url(request))

    initial = response.context["form"].initial
    assert response.status_code == 200
    assert initial["title"] == "Review of the Law on Health Insurance"
    assert initial["objectives"] == request.objectives
    assert initial["expected_results"] == request.expected_results
    assert {i.pk for i in initial["institutions"]} == {
        request.lead_institution_id,
        request.co_applicants.get().pk,
    }
    assert initial["themes"] == [theme("health-insurance")]


def test_create_action_links_it_to_the_request_and_tells_the_partner(officer_client, officer_user):
    request = accepted_request()
    focal_point = MembershipFactory(institution=request.lead_institution).user
    form_initial = officer_client.get(create_url(request)).context["form"].initial

    response = officer_client.post(create_url(request), completed_plan(form_initial, officer_user))

    action = Action.objects.get()
    request.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("cooperation:action_detail", args=[action.pk])
    assert request.action == action
    assert action.reference.startswith("ACT-")
    assert (action.status, action.budget_expert_days, action.budget_eur) == (
        ActionStatus.PLANNED,
        30,
        42000,
    )
    assert action.period_end == datetime.date(2027, 3, 31)
    assert set(action.institutions.all()) == {request.lead_institution, request.co_applicants.get()}
    assert audit_records_for(action).get().to_state == "planned"
    assert audit_records_for(request).get().action == "action_created"
    recipients = {n.recipient for n in Notification.objects.filter(event="action_created")}
    assert recipients == {request.submitted_by, focal_point}


def test_create_action_keeps_the_input_and_explains_what_is_missing(officer_client, officer_user):
    request = accepted_request()
    form_initial = officer_client.get(create_url(request)).context["form"].initial
    data = completed_plan(form_initial, officer_user)
    data.update(indicators="", period_end="2026-01-01", budget_eur="a lot")

    response = officer_client.post(create_url(request), data)

    form = response.context["form"]
    assert response.status_code == 400
    assert sorted(form.errors) == ["budget_eur", "indicators", "period_end"]
    assert form["planned_activities"].value() == data["planned_activities"]
    assert Action.objects.count() == 0


def test_create_action_refuses_an_institution_outside_the_request(officer_client, officer_user):
    request = accepted_request()
    form_initial = officer_client.get(create_url(request)).context["form"].initial
    data = completed_plan(form_initial, officer_user)
    data["institutions"] = [InstitutionFactory().pk]

    response = officer_client.post(create_url(request), data)

    assert list(response.context["form"].errors) == ["institutions"]
    assert Action.objects.count() == 0


def test_second_action_from_one_request_is_refused():
    request = accepted_request()
    officer = OfficerFactory()
    first = action_create_from_request(
        request=request, actor=officer, title="First", institutions=[], themes=[]
    )

    with pytest.raises(TransitionNotAllowed) as refusal:
        action_create_from_request(
            request=request, actor=officer, title="Second", institutions=[], themes=[]
        )

    assert Action.objects.count() == 1
    assert refusal.value.message == (
        f"An action ({first.reference}) was already created from this request."
    )


def test_create_page_of_a_request_with_its_action_leads_to_the_action(officer_client):
    request = accepted_request()
    action = action_create_from_request(
        request=request, actor=OfficerFactory(), title="First", institutions=[], themes=[]
    )

    response = officer_client.get(create_url(request))

    assert response.url == reverse("cooperation:action_detail", args=[action.pk])


def test_action_from_a_request_not_accepted_is_refused(officer_client):
    request = SubmittedRequestFactory(status=RequestStatus.IN_REVIEW)

    page = officer_client.get(create_url(request))
    with pytest.raises(TransitionNotAllowed):
        action_create_from_request(
            request=request, actor=OfficerFactory(), title="Too early", institutions=[], themes=[]
        )

    assert page.url == reverse("cooperation:staff_request_detail", args=[request.pk])
    assert Action.objects.count() == 0


def test_partner_cannot_create_an_action(client):
    request = accepted_request()
    client.force_login(MembershipFactory(institution=request.lead_institution).user)

    assert client.get(create_url(request)).status_code == 404
