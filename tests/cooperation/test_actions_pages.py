"""Action pages: the staff list (filters, export, speed), the plan, status changes, documents, and
the partner's read-only view of its own institution's actions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.selectors import audit_records_for
from cooperation.models import ActionStatus
from tests.factories import (
    ActionFactory,
    ExpertUserFactory,
    InstitutionFactory,
    MembershipFactory,
    MissionFactory,
    OfficerFactory,
    country,
    theme,
)

pytestmark = pytest.mark.django_db

LIST = reverse("cooperation:action_list")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def references(response) -> list[str]:
    return [action.reference for action in response.context["page_obj"].object_list]


def detail_url(action) -> str:
    return reverse("cooperation:action_detail", args=[action.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def test_action_list_filters_by_status_country_theme_officer_and_text(officer_client, officer_user):
    georgia = ActionFactory(institutions=[InstitutionFactory(country=country("GE"))])
    pensions = ActionFactory(status=ActionStatus.IN_PROGRESS, assigned_officer=officer_user)
    pensions.themes.set([theme("pensions")])
    fund = ActionFactory(
        title="Benefit package", institutions=[InstitutionFactory(name="National Health Fund")]
    )

    assert references(officer_client.get(LIST, {"status": "in_progress"})) == [pensions.reference]
    assert references(officer_client.get(LIST, {"country": "GE"})) == [georgia.reference]
    assert references(officer_client.get(LIST, {"region": "eastern_neighbourhood"})) == [
        georgia.reference
    ]
    social = theme("social-protection").pk
    assert references(officer_client.get(LIST, {"theme": social})) == [pensions.reference]
    assert references(officer_client.get(LIST, {"mine": "on"})) == [pensions.reference]
    assert references(officer_client.get(LIST, {"q": "health fund"})) == [fund.reference]


def test_action_list_sorts_by_reference(officer_client):
    first, second = ActionFactory(), ActionFactory()

    ascending = officer_client.get(LIST, {"sort": "reference"})
    descending = officer_client.get(LIST, {"sort": "-reference"})

    assert references(ascending) == [first.reference, second.reference]
    assert references(descending) == [second.reference, first.reference]


def test_action_list_runs_a_fixed_number_of_queries(officer_client, django_assert_max_num_queries):
    filters = {"country": "ME", "sort": "start"}
    ActionFactory.create_batch(3, assigned_officer=OfficerFactory())
    with django_assert_max_num_queries(15) as few:  # the layout (session, user, bell) included
        officer_client.get(LIST, filters)
    for _n in range(30):
        ActionFactory(
            assigned_officer=OfficerFactory(),
            institutions=[InstitutionFactory(), InstitutionFactory()],
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(LIST, filters)

    assert len(references(response)) == 25


def test_action_list_is_not_found_for_experts_and_partners(client):
    client.force_login(ExpertUserFactory())
    expert_response = client.get(LIST)
    client.force_login(MembershipFactory().user)

    partner_response = client.get(LIST)

    assert (expert_response.status_code, partner_response.status_code) == (404, 404)


def test_action_export_csv_has_the_filtered_actions(officer_client):
    action = ActionFactory(budget_expert_days=30, budget_eur="42000.00")
    ActionFactory(status=ActionStatus.CANCELLED)

    response = officer_client.get(
        reverse("cooperation:actions_export", args=["csv"]), {"status": "planned"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == [action.reference]
    assert rows[1][-2:] == ["30", "42000.0"]


def test_action_export_xlsx_is_a_workbook(officer_client):
    ActionFactory()

    response = officer_client.get(reverse("cooperation:actions_export", args=["xlsx"]))

    assert response.content[:2] == b"PK"


def test_staff_action_page_shows_origin_plan_missions_and_steps(officer_client):
    action = ActionFactory(indicators="Law amended", planned_activities="Expert mission")
    MissionFactory(action=action, title="Review of the 2014 law")

    response = officer_client.get(detail_url(action))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Review of the 2014 law" in body
    assert "Law amended" in body
    assert [t["transition"].name for t in response.context["transitions"]] == [
        "start",
        "put_on_hold",
        "cancel",
    ]


def test_partner_sees_its_institutions_action_read_only(client):
    action = ActionFactory()
    member = MembershipFactory(institution=action.institutions.get()).user
    client.force_login(member)

    response = client.get(detail_url(action))
    listed = client.get(reverse("cooperation:partner_action_list"))

    assert response.status_code == 200
    assert "transitions" not in response.context
    assert "Edit the plan" not in response.content.decode()
    assert references(listed) == [action.reference]


def test_partner_of_another_institution_gets_not_found(client):
    action = ActionFactory()
    document = action.documents.create(
        title="Report",
        file=SimpleUploadedFile("report.pdf", PDF),
        original_name="report.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=action.created_by,
    )
    client.force_login(MembershipFactory().user)

    page = client.get(detail_url(action))
    download = client.get(reverse("cooperation:action_document", args=[action.pk, document.pk]))
    listed = client.get(reverse("cooperation:partner_action_list"))

    assert (page.status_code, download.status_code) == (404, 404)
    assert references(listed) == []


def test_partner_cannot_change_an_action(client):
    action = ActionFactory()
    client.force_login(MembershipFactory(institution=action.institutions.get()).user)

    edit = client.get(reverse("cooperation:action_edit", args=[action.pk]))
    step = client.post(reverse("cooperation:action_transition", args=[action.pk, "start"]))

    action.refresh_from_db()
    assert (edit.status_code, step.status_code) == (404, 404)
    assert action.status == ActionStatus.PLANNED


def test_partner_action_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    member = MembershipFactory()
    ActionFactory(institutions=[member.institution])
    client.force_login(member.user)
    with django_assert_max_num_queries(12) as few:  # the layout (session, user, bell) included
        client.get(reverse("cooperation:partner_action_list"))
    ActionFactory.create_batch(10, institutions=[member.institution, InstitutionFactory()])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cooperation:partner_action_list"))

    assert len(references(response)) == 11


def test_action_step_is_recorded_with_its_comment(officer_client, officer_user):
    action = ActionFactory()

    response = officer_client.post(
        reverse("cooperation:action_transition", args=[action.pk, "start"]),
        {"start-seen_status": "planned", "start-comment": "Kick-off in Pristina."},
        follow=True,
    )

    action.refresh_from_db()
    record = audit_records_for(action).get()
    assert action.status == ActionStatus.IN_PROGRESS
    assert (record.actor, record.comment) == (officer_user, "Kick-off in Pristina.")
    assert "Kick-off in Pristina." in response.content.decode()


def test_action_step_on_a_changed_action_is_refused(officer_client):
    action = ActionFactory(status=ActionStatus.CANCELLED)

    response = officer_client.post(
        reverse("cooperation:action_transition", args=[action.pk, "start"]),
        {"start-seen_status": "planned"},
        follow=True,
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED
    assert messages_of(response)[0].startswith("This changed since you opened it")


def test_action_step_not_allowed_now_changes_nothing(officer_client):
    action = ActionFactory(status=ActionStatus.CLOSED)

    response = officer_client.post(
        reverse("cooperation:action_transition", args=[action.pk, "complete"]), follow=True
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert messages_of(response) == ["“Complete” is not possible while the status is “Closed”."]


def test_edit_plan_saves_and_audits_the_changed_fields(officer_client):
    action = ActionFactory(indicators="Old", planned_activities="Mission", budget_eur="1000.00")
    url = reverse("cooperation:action_edit", args=[action.pk])
    form = officer_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(indicators="Law adopted", budget_expert_days="20", themes=[theme("pensions").pk])
    data["assigned_officer"] = OfficerFactory().pk

    response = officer_client.post(url, data)

    action.refresh_from_db()
    record = audit_records_for(action).get()
    assert response.status_code == 302
    assert (action.indicators, action.budget_expert_days) == ("Law adopted", 20)
    assert sorted(record.data["fields"]) == [
        "assigned_officer",
        "budget_expert_days",
        "indicators",
        "themes",
    ]


def test_document_upload_and_download(officer_client):
    action = ActionFactory()

    officer_client.post(
        reverse("cooperation:action_document_upload", args=[action.pk]),
        {"title": "Assessment report", "file": SimpleUploadedFile("../../report final.pdf", PDF)},
    )

    document = action.documents.get()
    download = officer_client.get(
        reverse("cooperation:action_document", args=[action.pk, document.pk])
    )
    assert (document.title, document.original_name) == ("Assessment report", "report-final.pdf")
    assert b"".join(download.streaming_content) == PDF
    assert audit_records_for(action).get().action == "document_added"


def test_document_of_the_wrong_kind_is_refused_next_to_the_field(officer_client):
    action = ActionFactory()

    response = officer_client.post(
        reverse("cooperation:action_document_upload", args=[action.pk]),
        {"title": "Script", "file": SimpleUploadedFile("report.pdf", b"#!/bin/sh\necho hi\n")},
    )

    assert response.status_code == 400
    assert list(response.context["document_form"].errors) == ["file"]
    assert response.context["document_form"]["title"].value() == "Script"
    assert action.documents.count() == 0
