"""The staff request page: what the partner sent, context for the decision, the checklist, the
thread with internal notes, and every decision with its bad input and its races."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.selectors import audit_records_for
from cooperation import services_staff
from cooperation.models import RejectionReason, RequestAttachment, RequestStatus
from notifications.models import Notification
from tests.factories import (
    ActionFactory,
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    PartnerUserFactory,
    SubmittedRequestFactory,
    country,
    theme,
)
from tests.factories.cooperation import InReviewRequestFactory, RequestMessageFactory

pytestmark = pytest.mark.django_db


def detail_url(request) -> str:
    return reverse("cooperation:staff_request_detail", args=[request.pk])


def transition_url(request, name: str) -> str:
    return reverse("cooperation:staff_request_transition", args=[request.pk, name])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


def test_detail_shows_the_request_its_context_and_internal_notes(officer_client):
    institution = InstitutionFactory(name="Institute for Social and Child Care", acronym="ISCC")
    request = SubmittedRequestFactory(lead_institution=institution, capacity_levels=["individual"])
    request.themes.set([theme("child-protection")])
    earlier = SubmittedRequestFactory(lead_institution=institution, status=RequestStatus.ACCEPTED)
    same_theme_and_country = SubmittedRequestFactory()
    same_theme_and_country.themes.set([theme("child-protection")])
    elsewhere = SubmittedRequestFactory(lead_institution=InstitutionFactory(country=country("GE")))
    elsewhere.themes.set([theme("child-protection")])
    action = ActionFactory(institutions=[institution])
    RequestMessageFactory(request=request, body="Check the UNICEF project.", is_internal=True)

    response = officer_client.get(detail_url(request))

    body = response.content.decode()
    assert response.status_code == 200
    assert request.context in body
    assert "Individual" in body
    assert "Check the UNICEF project." in body
    assert {r.pk for r in response.context["similar"]} == {earlier.pk, same_theme_and_country.pk}
    assert [r.pk for r in response.context["earlier_requests"]] == [earlier.pk]
    assert [a.pk for a in response.context["institution_actions"]] == [action.pk]
    assert [t["transition"].name for t in response.context["transitions"]] == [
        "start_review",
        "put_on_hold",
        "reject",
    ]


def test_detail_of_a_draft_is_not_found(officer_client):
    draft = SubmittedRequestFactory(status=RequestStatus.DRAFT)

    assert officer_client.get(detail_url(draft)).status_code == 404


def test_partner_cannot_open_the_staff_page_nor_download_through_it(client):
    request = SubmittedRequestFactory()
    RequestMessageFactory(request=request, body="Internal: weak institution.", is_internal=True)
    attachment = RequestAttachment.objects.create(
        request=request,
        file=ContentFile(b"%PDF-1.4", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=request.submitted_by,
    )
    member = MembershipFactory(institution=request.lead_institution).user
    client.force_login(member)

    page = client.get(detail_url(request))
    download = client.get(
        reverse("cooperation:staff_request_attachment", args=[request.pk, attachment.pk])
    )

    assert (page.status_code, download.status_code) == (404, 404)


def test_staff_download_the_partners_attachment(officer_client):
    request = SubmittedRequestFactory()
    attachment = RequestAttachment.objects.create(
        request=request,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=request.submitted_by,
    )

    response = officer_client.get(
        reverse("cooperation:staff_request_attachment", args=[request.pk, attachment.pk])
    )

    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_start_review_assigns_the_officer_and_shows_on_the_timeline(officer_client, officer_user):
    request = SubmittedRequestFactory()

    response = officer_client.post(
        transition_url(request, "start_review"),
        {"start_review-seen_status": "submitted", "start_review-comment": "Looks complete."},
        follow=True,
    )

    request.refresh_from_db()
    record = audit_records_for(request).get()
    assert (request.status, request.assigned_officer) == (RequestStatus.IN_REVIEW, officer_user)
    assert (record.from_state, record.to_state, record.comment) == (
        "submitted",
        "in_review",
        "Looks complete.",
    )
    assert "Start review: Submitted → In review" in response.content.decode()


def test_ask_for_information_tells_the_partner(officer_client):
    request = InReviewRequestFactory()
    focal_point = MembershipFactory(institution=request.lead_institution).user

    officer_client.post(
        transition_url(request, "request_info"),
        {"request_info-seen_status": "in_review", "request_info-comment": "Which municipalities?"},
    )

    request.refresh_from_db()
    notifications = Notification.objects.filter(event="information_requested")
    assert request.status == RequestStatus.INFO_REQUESTED
    assert audit_records_for(request).get().comment == "Which municipalities?"
    assert {n.recipient for n in notifications} == {request.submitted_by, focal_point}
    assert {n.body for n in notifications} == {"Which municipalities?"}


def test_ask_for_information_without_questions_keeps_the_page_with_the_error(officer_client):
    request = InReviewRequestFactory()

    response = officer_client.post(
        transition_url(request, "request_info"), {"request_info-seen_status": "in_review"}
    )

    request.refresh_from_db()
    form = next(t["form"] for t in response.context["transitions"] if t["open"])
    assert response.status_code == 400
    assert request.status == RequestStatus.IN_REVIEW
    assert list(form.errors) == ["comment"]


def test_reject_needs_a_reason_and_explains_other(officer_client):
    request = InReviewRequestFactory()

    no_reason = officer_client.post(
        transition_url(request, "reject"), {"reject-seen_status": "in_review"}
    )
    other_unexplained = officer_client.post(
        transition_url(request, "reject"),
        {"reject-seen_status": "in_review", "reject-reason": RejectionReason.OTHER},
    )

    request.refresh_from_db()
    assert (no_reason.status_code, other_unexplained.status_code) == (400, 400)
    assert request.status == RequestStatus.IN_REVIEW


def test_reject_records_the_reason_on_both_sides(officer_client):
    request = InReviewRequestFactory()

    officer_client.post(
        transition_url(request, "reject"),
        {
            "reject-seen_status": "in_review",
            "reject-reason": RejectionReason.OVERLAP,
            "reject-comment": "The World Bank covers this.",
        },
    )

    request.refresh_from_db()
    record = audit_records_for(request).get()
    assert (request.status, request.rejection_reason) == ("rejected", "overlap")
    assert record.comment == "Overlaps with other support\n\nThe World Bank covers this."
    assert request.decided_at is not None
    assert Notification.objects.filter(event="request_decided").count() == 1


def test_accept_is_blocked_until_the_checklist_is_met(officer_client):
    request = InReviewRequestFactory(eligibility={})

    response = officer_client.post(
        transition_url(request, "accept"), {"accept-seen_status": "in_review"}, follow=True
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.IN_REVIEW
    assert messages_of(response) == [
        "The eligibility checklist does not allow acceptance yet: "
        "“Public or mandated institution” is to check. “Fits the programme's thematic areas” "
        "is to check. “No overlap with other support” is to check. “Feasible timing” is to check."
    ]


def test_accept_is_blocked_for_a_non_eligible_country(officer_client):
    request = InReviewRequestFactory(lead_institution=InstitutionFactory(country=country("TM")))

    response = officer_client.post(
        transition_url(request, "accept"), {"accept-seen_status": "in_review"}, follow=True
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.IN_REVIEW
    assert messages_of(response) == [
        "Turkmenistan is not an eligible partner country, so the request cannot be accepted."
    ]


def test_accept_notifies_and_offers_the_action(officer_client):
    request = InReviewRequestFactory()

    response = officer_client.post(
        transition_url(request, "accept"), {"accept-seen_status": "in_review"}, follow=True
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert response.context["can_create_action"] is True
    assert Notification.objects.get(event="request_decided").recipient == request.submitted_by


def test_second_officer_deciding_the_same_moment_sees_who_won(client, officer_user):
    request = InReviewRequestFactory()
    winner = OfficerFactory(full_name="Lukas Meyer")
    client.force_login(winner)
    client.post(transition_url(request, "accept"), {"accept-seen_status": "in_review"}, follow=True)
    client.force_login(officer_user)

    response = client.post(
        transition_url(request, "reject"),
        {"reject-seen_status": "in_review", "reject-reason": RejectionReason.OUT_OF_SCOPE},
        follow=True,
    )

    request.refresh_from_db()
    (message,) = messages_of(response)
    assert request.status == RequestStatus.ACCEPTED
    assert message.startswith("This changed since you opened it: the status is now “Accepted”")
    assert "by Lukas Meyer" in message


def test_transition_not_allowed_in_the_current_status_changes_nothing(officer_client):
    request = SubmittedRequestFactory(status=RequestStatus.ACCEPTED)

    response = officer_client.post(transition_url(request, "accept"), follow=True)

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert messages_of(response) == ["“Accept” is not possible while the status is “Accepted”."]
    assert audit_records_for(request).count() == 0


def test_partner_transition_cannot_be_taken_through_the_staff_page(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.post(transition_url(request, "withdraw"), follow=True)

    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert messages_of(response) == ["Unknown action."]


def test_put_on_hold_and_resume_review(officer_client):
    request = SubmittedRequestFactory()

    officer_client.post(transition_url(request, "put_on_hold"), {"put_on_hold-seen_status": ""})
    officer_client.post(transition_url(request, "resume_review"))

    request.refresh_from_db()
    assert [r.action for r in audit_records_for(request)] == ["put_on_hold", "resume_review"]
    assert request.status == RequestStatus.IN_REVIEW


def test_internal_note_and_message_are_posted_to_the_thread(officer_client):
    request = SubmittedRequestFactory()
    url = reverse("cooperation:staff_request_message", args=[request.pk])

    officer_client.post(url, {"body": "Ask the EU Delegation.", "audience": "internal"})
    response = officer_client.post(
        url,
        {"body": "Thank you for the request.", "audience": "partner"},
        headers={"HX-Request": "true"},
    )

    assert [(m.body, m.is_internal) for m in request.messages.all()] == [
        ("Ask the EU Delegation.", True),
        ("Thank you for the request.", False),
    ]
    assert "staff only" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_empty_message_is_refused_next_to_the_field(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.post(
        reverse("cooperation:staff_request_message", args=[request.pk]),
        {"body": "", "audience": "internal"},
    )

    assert response.status_code == 400
    assert list(response.context["message_form"].errors) == ["body"]
    assert request.messages.count() == 0


def test_eligibility_checklist_is_saved_and_audited(officer_client):
    request = SubmittedRequestFactory()
    data = {
        "institution_status": "met",
        "institution_note": "Public fund, mandated by law.",
        "thematic_fit_status": "met",
        "no_overlap_status": "not_met",
        "no_overlap_note": "UNICEF runs the same training.",
        "feasible_timing_status": "to_check",
    }

    response = officer_client.post(
        reverse("cooperation:staff_request_eligibility", args=[request.pk]),
        data,
        headers={"HX-Request": "true"},
    )

    request.refresh_from_db()
    assert response.status_code == 200
    assert request.eligibility["no_overlap"] == {
        "status": "not_met",
        "note": "UNICEF runs the same training.",
    }
    assert audit_records_for(request).get().data == {
        "institution": "met",
        "thematic_fit": "met",
        "no_overlap": "not_met",
        "feasible_timing": "to_check",
    }
    assert "UNICEF runs the same training." in response.content.decode()


def test_eligibility_with_an_unknown_status_is_refused(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.post(
        reverse("cooperation:staff_request_eligibility", args=[request.pk]),
        {"institution_status": "probably"},
    )

    request.refresh_from_db()
    assert response.status_code == 400
    assert "institution_status" in response.context["eligibility_form"].errors
    assert request.eligibility == {}


def test_assign_one_request_from_its_page(officer_client):
    request = SubmittedRequestFactory()
    colleague = OfficerFactory()

    officer_client.post(
        reverse("cooperation:staff_request_assign", args=[request.pk]), {"officer": colleague.pk}
    )

    request.refresh_from_db()
    assert request.assigned_officer == colleague


def test_assign_a_partner_is_refused(officer_client):
    request = SubmittedRequestFactory()

    response = officer_client.post(
        reverse("cooperation:staff_request_assign", args=[request.pk]),
        {"officer": PartnerUserFactory().pk},
        follow=True,
    )

    request.refresh_from_db()
    assert request.assigned_officer is None
    assert messages_of(response) == ["Choose an officer from the list."]


def test_partner_never_sees_internal_notes_nor_the_checklist(client, officer_user):
    request = SubmittedRequestFactory()
    services_staff.request_message_post(
        request=request, author=officer_user, body="Internal: doubtful mandate.", internal=True
    )
    services_staff.request_message_post(
        request=request, author=officer_user, body="Thank you, we are reviewing it.", internal=False
    )
    services_staff.request_eligibility_record(
        request=request,
        actor=officer_user,
        items={"institution": ("not_met", "Checklist: no legal mandate found.")},
    )
    client.force_login(MembershipFactory(institution=request.lead_institution).user)

    body = client.get(reverse("cooperation:partner_request_detail", args=[request.pk])).content
    text = body.decode()

    assert "Internal: doubtful mandate." not in text
    assert "no legal mandate found" not in text
    assert "Thank you, we are reviewing it." in text


def test_partner_of_another_institution_never_finds_the_request(client):
    request = SubmittedRequestFactory()
    client.force_login(MembershipFactory(institution=InstitutionFactory()).user)

    response = client.get(reverse("cooperation:partner_request_detail", args=[request.pk]))

    assert response.status_code == 404


def test_detail_links_to_the_shortlist_of_experts(officer_client):
    request = InReviewRequestFactory()

    response = officer_client.get(detail_url(request))

    assert reverse("experts:shortlist", args=["request", request.pk]) in response.content.decode()
