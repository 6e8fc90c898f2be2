"""The partner's request pages, and every kind of bad input the issue lists."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import Request, RequestAttachment, RequestStatus
from cooperation.transitions import request_transition
from tests.factories import (
    ExpertUserFactory,
    MembershipFactory,
    OfficerFactory,
    RequestFactory,
    SubmittedRequestFactory,
    language,
    theme,
)
from tests.factories.cooperation import ReadyDraftFactory, RequestMessageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def focal_point():
    return MembershipFactory(institution__name="Ministry of Health of Montenegro")


@pytest.fixture
def partner(client, focal_point):
    client.force_login(focal_point.user)
    return client


@pytest.fixture
def draft(focal_point):
    return ReadyDraftFactory(
        lead_institution=focal_point.institution, submitted_by=focal_point.user
    )


def _section_url(request: Request, section: str) -> str:
    return reverse("cooperation:partner_request_section", args=[request.pk, section])


def _url(name: str, request: Request) -> str:
    return reverse(f"cooperation:{name}", args=[request.pk])


def _modality_data(**overrides) -> dict:
    start = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "modality": "hybrid",
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=10)).isoformat(),
        "languages": [language("en").pk, language("sr").pk],
        **overrides,
    }


# --- Creating a draft ---------------------------------------------------------------------------


def test_request_create_makes_a_draft_and_opens_its_first_section(partner, focal_point):
    token = uuid.uuid4()

    response = partner.post(
        reverse("cooperation:partner_request_create"),
        {"institution": focal_point.institution.pk, "title": "Quality control", "token": token},
    )

    draft = Request.objects.get()
    assert response.url == _section_url(draft, "context")
    assert (draft.title, draft.status, draft.submitted_by) == (
        "Quality control",
        RequestStatus.DRAFT,
        focal_point.user,
    )


def test_request_create_double_click_makes_one_draft(partner, focal_point):
    data = {"institution": focal_point.institution.pk, "title": "Quality", "token": uuid.uuid4()}

    first = partner.post(reverse("cooperation:partner_request_create"), data)
    second = partner.post(reverse("cooperation:partner_request_create"), data)

    assert Request.objects.count() == 1
    assert first.url == second.url


def test_request_create_for_another_institution_is_refused(partner):
    other = MembershipFactory().institution

    response = partner.post(
        reverse("cooperation:partner_request_create"),
        {"institution": other.pk, "title": "Not mine", "token": uuid.uuid4()},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["institution"]
    assert Request.objects.count() == 0


def test_request_create_without_an_institution_leads_to_onboarding(client):
    client.force_login(ExpertUserFactory(role="partner"))

    response = client.get(reverse("cooperation:partner_request_create"))

    assert response.url == reverse("partners:home")


# --- Filling in the sections --------------------------------------------------------------------


def test_section_save_draft_stays_on_the_section(partner, draft):
    response = partner.post(
        _section_url(draft, "objectives"),
        {"objectives": "Adopt a quality framework.", "expected_results": "", "stay": "1"},
    )

    draft.refresh_from_db()
    assert response.url == _section_url(draft, "objectives")
    assert (draft.objectives, draft.expected_results) == ("Adopt a quality framework.", "")


def test_section_save_and_continue_opens_the_next_section(partner, draft):
    response = partner.post(_section_url(draft, "modality"), {**_modality_data(), "continue": "1"})

    draft.refresh_from_db()
    assert response.url == _section_url(draft, "expertise")
    assert draft.modality == "hybrid"
    assert sorted(lang.code for lang in draft.languages.all()) == ["en", "sr"]


def test_section_themes_saves_areas_and_capacity_levels(partner, draft):
    partner.post(
        _section_url(draft, "themes"),
        {
            "themes": [theme("health-quality").pk, theme("health-governance").pk],
            "capacity_levels": ["institutional", "individual"],
        },
    )

    draft.refresh_from_db()
    assert draft.capacity_levels == ["institutional", "individual"]
    assert draft.themes.count() == 2


def test_section_end_before_start_is_refused_next_to_the_field(partner, draft):
    before = (draft.period_start, draft.period_end)
    start = timezone.localdate() + datetime.timedelta(days=40)

    response = partner.post(
        _section_url(draft, "modality"),
        _modality_data(
            period_start=start.isoformat(),
            period_end=(start - datetime.timedelta(days=5)).isoformat(),
        ),
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["period_end"] == ["The end is before the start."]
    assert 'id="id_period_end_error"' in response.content.decode()
    assert (draft.period_start, draft.period_end) == before


def test_section_100_kb_of_text_is_refused_and_kept_in_the_form(partner, draft):
    huge = "Social protection reform. " * 4_000

    response = partner.post(_section_url(draft, "context"), {"title": draft.title, "context": huge})

    draft.refresh_from_db()
    assert response.status_code == 400
    assert "at most 10000 characters" in response.context["form"].errors["context"][0]
    assert huge in response.content.decode()
    assert draft.context != huge


def test_section_empty_title_is_refused(partner, draft):
    response = partner.post(_section_url(draft, "context"), {"title": "  ", "context": ""})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["title"]


def test_section_of_an_unknown_name_is_404(partner, draft):
    assert partner.get(_section_url(draft, "budget")).status_code == 404


def test_html_and_script_in_a_field_are_shown_as_text(partner, draft):
    partner.post(
        _section_url(draft, "context"),
        {"title": "<b>Bold</b>", "context": "<script>alert('x')</script><img src=x onerror=1>"},
    )

    response = partner.get(_url("partner_request_detail", draft))

    content = response.content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=1&gt;" in content
    assert "&lt;b&gt;Bold&lt;/b&gt;" in content


# --- Editing a request that was sent ------------------------------------------------------------


def test_editing_a_submitted_request_is_refused_with_a_reason(partner, focal_point, draft):
    services.request_submit(request=draft, actor=focal_point.user)

    response = partner.post(
        _section_url(draft, "context"), {"title": "Changed", "context": "Changed"}, follow=True
    )

    draft.refresh_from_db()
    assert response.redirect_chain[-1][0] == _url("partner_request_detail", draft)
    assert "can no longer be changed" in response.content.decode()
    assert draft.title != "Changed"


def test_attachments_of_a_submitted_request_cannot_change(partner, focal_point, draft):
    services.request_submit(request=draft, actor=focal_point.user)

    response = partner.post(
        _url("partner_request_attachments", draft),
        {"file": SimpleUploadedFile("late.pdf", PDF, content_type="application/pdf")},
    )

    assert response.url == _url("partner_request_detail", draft)
    assert RequestAttachment.objects.count() == 0


def test_a_co_applicant_member_sees_the_request_but_cannot_change_it(client, draft):
    co_applicant = MembershipFactory()
    draft.co_applicants.add(co_applicant.institution)
    client.force_login(co_applicant.user)

    detail = client.get(_url("partner_request_detail", draft))
    edit = client.get(_section_url(draft, "context"))

    assert detail.status_code == 200
    assert edit.url == _url("partner_request_detail", draft)


# --- Another institution's request --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("partner_request_detail", "get", ()),
        ("partner_request_review", "get", ()),
        ("partner_request_attachments", "get", ()),
        ("partner_request_submit", "post", ()),
        ("partner_request_withdraw", "post", ()),
        ("partner_request_message", "post", ()),
        ("partner_request_section", "get", ("context",)),
    ],
)
def test_another_institutions_request_is_404(partner, name, method, extra):
    other = SubmittedRequestFactory()

    response = getattr(partner, method)(
        reverse(f"cooperation:{name}", args=[other.pk, *extra]), {"body": "Hi"}
    )

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == RequestStatus.SUBMITTED


def test_another_institutions_attachment_is_404(partner):
    other = SubmittedRequestFactory()
    attachment = RequestAttachment.objects.create(
        request=other,
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=other.submitted_by,
    )

    response = partner.get(
        reverse("cooperation:partner_request_attachment", args=[other.pk, attachment.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("user_factory", [ExpertUserFactory, OfficerFactory])
def test_partner_request_pages_are_404_for_other_roles(client, draft, user_factory):
    client.force_login(user_factory())

    assert client.get(reverse("cooperation:partner_requests")).status_code == 404
    assert client.get(_url("partner_request_detail", draft)).status_code == 404


# --- Attachments --------------------------------------------------------------------------------


def test_attach_a_pdf_then_download_it(partner, draft):
    response = partner.post(
        _url("partner_request_attachments", draft),
        {"file": SimpleUploadedFile("Strategija 2030.pdf", PDF, content_type="application/pdf")},
    )

    attachment = RequestAttachment.objects.get()
    assert response.url == _url("partner_request_attachments", draft)
    download = partner.get(
        reverse("cooperation:partner_request_attachment", args=[draft.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Strategija-2030.pdf"'


def test_attach_a_forbidden_file_is_refused_next_to_the_field(partner, draft):
    program = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )

    response = partner.post(_url("partner_request_attachments", draft), {"file": program})

    assert response.status_code == 400
    assert "not an accepted kind of file" in response.context["form"].errors["file"][0]
    assert RequestAttachment.objects.count() == 0


def test_attach_an_oversized_file_is_refused_next_to_the_field(partner, draft):
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )

    response = partner.post(_url("partner_request_attachments", draft), {"file": big})

    assert response.status_code == 400
    assert "files may be at most 10.0\xa0MB" in response.context["form"].errors["file"][0]
    assert RequestAttachment.objects.count() == 0


def test_attach_a_sixth_file_is_refused_next_to_the_field(partner, draft):
    for number in range(services.MAX_ATTACHMENTS):
        partner.post(
            _url("partner_request_attachments", draft),
            {"file": SimpleUploadedFile(f"{number}.pdf", PDF)},
        )

    response = partner.post(
        _url("partner_request_attachments", draft), {"file": SimpleUploadedFile("6.pdf", PDF)}
    )

    assert response.status_code == 400
    assert "at most 5 attachments" in response.context["form"].errors["file"][0]
    assert RequestAttachment.objects.count() == services.MAX_ATTACHMENTS


def test_remove_an_attachment(partner, focal_point, draft):
    partner.post(
        _url("partner_request_attachments", draft), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    attachment = RequestAttachment.objects.get()

    response = partner.post(
        reverse("cooperation:partner_request_attachment_remove", args=[draft.pk, attachment.pk])
    )

    assert response.url == _url("partner_request_attachments", draft)
    assert RequestAttachment.objects.count() == 0


# --- Review and submission ----------------------------------------------------------------------


def test_review_shows_everything_and_the_submit_button(partner, draft):
    response = partner.get(_url("partner_request_review", draft))

    content = response.content.decode()
    assert response.status_code == 200
    assert draft.context in content
    assert draft.expertise_sought in content
    assert "Child protection and foster care" in content
    assert _url("partner_request_submit", draft) in content


def test_submit_gives_the_reference_and_shows_it_on_the_request_page(partner, draft):
    response = partner.post(_url("partner_request_submit", draft), follow=True)

    draft.refresh_from_db()
    content = response.content.decode()
    assert draft.status == RequestStatus.SUBMITTED
    assert draft.reference == f"REQ-{timezone.localdate().year}-0001"
    assert f"Its reference is {draft.reference}" in content
    assert "Submit: Draft → Submitted" in content


def test_submit_double_click_sends_one_request_and_shows_its_reference(partner, draft):
    partner.post(_url("partner_request_submit", draft))

    response = partner.post(_url("partner_request_submit", draft), follow=True)

    draft.refresh_from_db()
    assert response.status_code == 200
    assert f"already submitted: its reference is {draft.reference}" in response.content.decode()
    assert Request.objects.filter(reference__isnull=False).count() == 1
    assert draft.reference.endswith("-0001")


def test_submit_with_empty_required_sections_shows_them_next_to_the_fields(partner, focal_point):
    empty = RequestFactory(
        lead_institution=focal_point.institution,
        context="",
        objectives="",
        modality="",
        capacity_levels=[],
    )

    response = partner.post(_url("partner_request_submit", empty))

    empty.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 400
    assert [name for name, _label, _message in response.context["problem_list"]] == [
        "context",
        "objectives",
        "themes",
        "capacity_levels",
        "modality",
        "languages",
    ]
    assert 'id="problem-context"' in content
    assert 'href="#problem-modality"' in content
    assert (empty.status, empty.reference) == (RequestStatus.DRAFT, None)


def test_submit_with_a_period_in_the_past_is_refused_next_to_the_field(partner, draft):
    draft.period_start = timezone.localdate() - datetime.timedelta(days=3)
    draft.save()

    response = partner.post(_url("partner_request_submit", draft))

    draft.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="problem-period_start"' in content
    assert "The preferred start is in the past: choose today or later." in content
    assert draft.status == RequestStatus.DRAFT


def test_resubmit_after_information_was_requested(partner, focal_point, draft):
    officer = OfficerFactory()
    request = services.request_submit(request=draft, actor=focal_point.user)
    request = request_transition(request, "start_review", actor=officer)
    request_transition(request, "request_info", actor=officer, comment="How many centres?")
    partner.post(
        _section_url(draft, "target-groups"), {"target_groups": "Staff of the 12 centres."}
    )

    response = partner.post(
        _url("partner_request_submit", draft), {"comment": "Twelve centres."}, follow=True
    )

    draft.refresh_from_db()
    content = response.content.decode()
    assert draft.status == RequestStatus.IN_REVIEW
    assert draft.target_groups == "Staff of the 12 centres."
    assert "How many centres?" in content
    assert "Twelve centres." in content


# --- The request page: timeline, thread, withdrawal --------------------------------------------


def test_request_page_never_shows_internal_notes(partner, focal_point):
    request = SubmittedRequestFactory(lead_institution=focal_point.institution)
    RequestMessageFactory(request=request, body="Weak institution, check budget.", is_internal=True)
    RequestMessageFactory(request=request, body="Could you add the strategy?", is_internal=False)

    response = partner.get(_url("partner_request_detail", request))

    content = response.content.decode()
    assert "Could you add the strategy?" in content
    assert "Weak institution" not in content


def test_message_to_the_programme_team_with_htmx_returns_the_thread(partner, focal_point):
    request = SubmittedRequestFactory(lead_institution=focal_point.institution)

    response = partner.post(
        _url("partner_request_message", request),
        {"body": "The strategy is attached."},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="thread">')
    assert "The strategy is attached." in content


def test_empty_message_is_refused_next_to_the_field(partner, focal_point):
    request = SubmittedRequestFactory(lead_institution=focal_point.institution)

    response = partner.post(_url("partner_request_message", request), {"body": "   "})

    assert response.status_code == 400
    assert list(response.context["message_form"].errors) == ["body"]


def test_withdraw_a_request_before_the_decision(partner, focal_point):
    request = SubmittedRequestFactory(lead_institution=focal_point.institution)

    response = partner.post(
        _url("partner_request_withdraw", request), {"reason": "Funded by another donor."}
    )

    request.refresh_from_db()
    assert response.url == _url("partner_request_detail", request)
    assert request.status == RequestStatus.WITHDRAWN


def test_withdraw_a_decided_request_is_refused_with_the_reason(partner, focal_point):
    request = SubmittedRequestFactory(
        lead_institution=focal_point.institution, status=RequestStatus.REJECTED
    )

    response = partner.post(_url("partner_request_withdraw", request), follow=True)

    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert "is not possible while the status is" in response.content.decode()


# --- My requests --------------------------------------------------------------------------------


def test_my_requests_lists_the_institutions_requests_only(
    partner, focal_point, django_assert_max_num_queries
):
    mine = SubmittedRequestFactory.create_batch(4, lead_institution=focal_point.institution)
    SubmittedRequestFactory.create_batch(3)

    with django_assert_max_num_queries(8):
        response = partner.get(reverse("cooperation:partner_requests"))

    assert {r.pk for r in response.context["page_obj"]} == {r.pk for r in mine}


def test_my_requests_filters_by_status_and_searches(partner, focal_point):
    SubmittedRequestFactory(lead_institution=focal_point.institution, title="Pension reform")
    wanted = SubmittedRequestFactory(
        lead_institution=focal_point.institution, title="Foster care standards"
    )
    RequestFactory(lead_institution=focal_point.institution, title="Foster care draft")

    response = partner.get(
        reverse("cooperation:partner_requests"), {"status": "submitted", "q": "foster"}
    )

    assert list(response.context["page_obj"]) == [wanted]


def test_my_requests_with_bad_filters_shows_errors_not_a_500(partner):
    response = partner.get(
        reverse("cooperation:partner_requests"),
        {"status": "nonsense", "institution": "999999", "sort": "password", "q": "x" * 500},
    )

    assert response.status_code == 200
    assert sorted(response.context["filter"].form.errors) == ["institution", "q", "sort", "status"]
