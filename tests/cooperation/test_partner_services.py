import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation import services
from cooperation.models import Request, RequestAttachment, RequestMessage, RequestStatus
from cooperation.transitions import request_transition
from notifications.models import Notification
from tests.factories import (
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    SubmittedRequestFactory,
    theme,
)
from tests.factories.cooperation import ReadyDraftFactory
from uploads.validation import DOCUMENTS_AND_IMAGES, check_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _focal_point_draft(**fields):
    membership = MembershipFactory()
    draft = ReadyDraftFactory(
        lead_institution=membership.institution, submitted_by=membership.user, **fields
    )
    return membership.user, draft


def _pdf(name: str = "strategy.pdf"):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return check_upload(upload, allowed=DOCUMENTS_AND_IMAGES, max_size=services.MAX_ATTACHMENT_SIZE)


def test_request_create_draft_twice_with_one_token_makes_one_draft():
    membership = MembershipFactory()
    token = uuid.uuid4()

    first = services.request_create_draft(
        user=membership.user, institution=membership.institution, title="Foster care", token=token
    )
    second = services.request_create_draft(
        user=membership.user, institution=membership.institution, title="Foster care", token=token
    )

    assert first.pk == second.pk
    assert Request.objects.count() == 1
    assert first.status == RequestStatus.DRAFT


def test_request_update_saves_fields_and_relations_but_not_the_lead_as_co_applicant():
    user, draft = _focal_point_draft()
    neighbour = InstitutionFactory(name="Municipality of Gornji Milanovac")

    services.request_update(
        request=draft,
        actor=user,
        data={
            "objectives": "Set up a shared home-care service.",
            "themes": [theme("inter-municipal"), theme("long-term-care")],
            "co_applicants": [neighbour, draft.lead_institution],
        },
    )

    draft.refresh_from_db()
    assert draft.objectives == "Set up a shared home-care service."
    assert sorted(t.code for t in draft.themes.all()) == ["inter-municipal", "long-term-care"]
    assert list(draft.co_applicants.all()) == [neighbour]


def test_request_update_of_a_submitted_request_is_refused_and_changes_nothing():
    user, draft = _focal_point_draft()
    submitted = services.request_submit(request=draft, actor=user)

    with pytest.raises(services.RequestChangeRefused) as refusal:
        services.request_update(request=submitted, actor=user, data={"title": "Another title"})

    submitted.refresh_from_db()
    assert submitted.title == draft.title
    assert "can no longer be changed" in refusal.value.message


def test_request_update_by_a_co_applicant_member_is_refused():
    _user, draft = _focal_point_draft()
    co_applicant = MembershipFactory()
    draft.co_applicants.add(co_applicant.institution)

    with pytest.raises(services.RequestChangeRefused):
        services.request_update(request=draft, actor=co_applicant.user, data={"title": "Mine"})


def test_request_update_while_information_is_requested_is_allowed():
    user, draft = _focal_point_draft()
    request = services.request_submit(request=draft, actor=user)
    officer = OfficerFactory()
    request = request_transition(request, "start_review", actor=officer)
    request = request_transition(request, "request_info", actor=officer, comment="Which units?")

    services.request_update(request=request, actor=user, data={"target_groups": "Two units."})

    request.refresh_from_db()
    assert request.target_groups == "Two units."


def test_request_submission_problems_lists_missing_sections_in_form_order():
    _user, draft = _focal_point_draft(context="", expertise_sought="", capacity_levels=[])
    draft.languages.clear()

    problems = services.request_submission_problems(request=draft)

    assert list(problems) == ["context", "capacity_levels", "languages", "expertise_sought"]


def test_request_submission_problems_refuses_a_period_in_the_past():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    _user, draft = _focal_point_draft(period_start=yesterday)

    problems = services.request_submission_problems(request=draft)

    assert list(problems) == ["period_start"]


def test_request_submission_problems_refuses_an_end_before_the_start():
    start = timezone.localdate() + datetime.timedelta(days=30)
    _user, draft = _focal_point_draft(
        period_start=start, period_end=start - datetime.timedelta(days=1)
    )

    problems = services.request_submission_problems(request=draft)

    assert list(problems) == ["period_end"]


def test_request_submit_gives_a_reference_and_confirms_it():
    user, draft = _focal_point_draft()

    submitted = services.request_submit(request=draft, actor=user)

    year = timezone.localdate().year
    assert submitted.reference == f"REQ-{year}-0001"
    assert submitted.status == RequestStatus.SUBMITTED
    assert submitted.submitted_at is not None
    record = AuditRecord.objects.get(object_id=str(draft.pk), action="submit")
    assert (record.actor, record.from_state, record.to_state) == (
        user,
        RequestStatus.DRAFT,
        RequestStatus.SUBMITTED,
    )
    notification = Notification.objects.get(event="request_submitted")
    assert notification.recipient == user
    assert submitted.reference in notification.title


def test_request_submit_tells_every_focal_point_of_the_institution():
    user, draft = _focal_point_draft()
    colleague = MembershipFactory(institution=draft.lead_institution)

    services.request_submit(request=draft, actor=user)

    recipients = set(
        Notification.objects.filter(event="request_submitted").values_list("recipient", flat=True)
    )
    assert recipients == {user.pk, colleague.user.pk}


def test_request_submit_twice_keeps_one_reference_and_no_gap():
    user, draft = _focal_point_draft()
    services.request_submit(request=draft, actor=user)

    with pytest.raises(TransitionNotAllowed):
        services.request_submit(request=draft, actor=user)

    other_user, other = _focal_point_draft()
    year = timezone.localdate().year
    assert services.request_submit(request=other, actor=other_user).reference == (
        f"REQ-{year}-0002"
    )
    assert Request.objects.get(pk=draft.pk).reference == f"REQ-{year}-0001"


def test_request_submit_of_an_incomplete_draft_changes_nothing():
    user, draft = _focal_point_draft(objectives="")

    with pytest.raises(services.RequestIncomplete) as incomplete:
        services.request_submit(request=draft, actor=user)

    draft.refresh_from_db()
    assert list(incomplete.value.problems) == ["objectives"]
    assert (draft.status, draft.reference) == (RequestStatus.DRAFT, None)


def test_request_submit_by_a_co_applicant_member_is_refused():
    _user, draft = _focal_point_draft()
    co_applicant = MembershipFactory()
    draft.co_applicants.add(co_applicant.institution)

    with pytest.raises(TransitionNotAllowed):
        services.request_submit(request=draft, actor=co_applicant.user)

    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_request_resubmit_goes_back_to_review_with_the_answer():
    user, draft = _focal_point_draft()
    officer = OfficerFactory()
    request = services.request_submit(request=draft, actor=user)
    request = request_transition(request, "start_review", actor=officer)
    request = request_transition(request, "request_info", actor=officer, comment="Which units?")
    request.assigned_officer = officer
    request.save(update_fields=["assigned_officer"])

    request = services.request_resubmit(request=request, actor=user, comment="The two centres.")

    assert request.status == RequestStatus.IN_REVIEW
    record = AuditRecord.objects.get(object_id=str(request.pk), action="resubmit")
    assert record.comment == "The two centres."
    assert Notification.objects.get(event="request_resubmitted").recipient == officer


def test_request_withdraw_before_the_decision():
    user, draft = _focal_point_draft()
    request = services.request_submit(request=draft, actor=user)

    request = services.request_withdraw(request=request, actor=user, reason="Funded elsewhere.")

    assert request.status == RequestStatus.WITHDRAWN
    assert AuditRecord.objects.get(action="withdraw").comment == "Funded elsewhere."


def test_request_withdraw_after_the_decision_is_refused():
    user, draft = _focal_point_draft()
    officer = OfficerFactory()
    request = services.request_submit(request=draft, actor=user)
    request = request_transition(request, "start_review", actor=officer)
    request = request_transition(request, "reject", actor=officer)

    with pytest.raises(TransitionNotAllowed):
        services.request_withdraw(request=request, actor=user)

    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED


def test_request_message_send_on_a_draft_is_refused():
    user, draft = _focal_point_draft()

    with pytest.raises(services.RequestChangeRefused):
        services.request_message_send(request=draft, author=user, body="Hello")

    assert RequestMessage.objects.count() == 0


def test_request_message_send_reaches_the_assigned_officer():
    membership = MembershipFactory()
    officer = OfficerFactory()
    request = SubmittedRequestFactory(
        lead_institution=membership.institution, assigned_officer=officer
    )

    message = services.request_message_send(
        request=request, author=membership.user, body="  The law was adopted.  "
    )

    assert (message.body, message.is_internal) == ("The law was adopted.", False)
    assert Notification.objects.get(event="request_message").recipient == officer


def test_request_attachment_add_stores_the_file_through_the_storage():
    user, draft = _focal_point_draft()

    attachment = services.request_attachment_add(request=draft, actor=user, upload=_pdf())

    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "strategy.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.file.name.startswith(f"requests/{draft.pk}/")
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


def test_request_attachment_add_refuses_a_sixth_file():
    user, draft = _focal_point_draft()
    for number in range(services.MAX_ATTACHMENTS):
        services.request_attachment_add(request=draft, actor=user, upload=_pdf(f"{number}.pdf"))

    with pytest.raises(services.RequestChangeRefused):
        services.request_attachment_add(request=draft, actor=user, upload=_pdf())

    assert RequestAttachment.objects.count() == services.MAX_ATTACHMENTS


def test_request_attachment_remove_deletes_the_file(django_capture_on_commit_callbacks):
    user, draft = _focal_point_draft()
    attachment = services.request_attachment_add(request=draft, actor=user, upload=_pdf())
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.request_attachment_remove(attachment=attachment, actor=user)

    assert RequestAttachment.objects.count() == 0
    assert not storage.exists(name)
