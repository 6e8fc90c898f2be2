"""The expert's pages: invitations, answers in the portal, reports and their attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missions import services
from missions.models import InvitationStatus, MissionReport, MissionStatus, ReportStatus
from tests.factories import ExpertFactory
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionReportFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def expert():
    return ExpertFactory()


@pytest.fixture
def expert_client(client, login, expert):
    return login(client, expert.user)


def test_invitation_list_shows_own_invitations_with_flat_queries(
    expert_client, expert, django_assert_max_num_queries
):
    own = [PendingInvitationFactory(expert=expert) for _ in range(4)]
    AcceptedInvitationFactory(expert=expert, status=InvitationStatus.SHORTLISTED)
    PendingInvitationFactory()

    with django_assert_max_num_queries(6):
        response = expert_client.get(reverse("missions:expert_list"))

    assert response.status_code == 200
    assert {i.pk for i in response.context["invitations"]} == {i.pk for i in own}


def test_invitation_list_filters_by_status(expert_client, expert):
    PendingInvitationFactory(expert=expert)
    accepted = AcceptedInvitationFactory(expert=expert)

    response = expert_client.get(reverse("missions:expert_list"), {"status": "accepted"})

    assert list(response.context["invitations"]) == [accepted]


def test_invitation_of_another_expert_is_not_found(expert_client):
    invitation = PendingInvitationFactory()

    assert (
        expert_client.get(reverse("missions:expert_invitation", args=[invitation.pk])).status_code
        == 404
    )
    response = expert_client.post(reverse("missions:expert_answer", args=[invitation.pk, "accept"]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_invitation_accept_in_the_portal(expert_client, expert):
    invitation = PendingInvitationFactory(expert=expert)

    response = expert_client.post(
        reverse("missions:expert_answer", args=[invitation.pk, "accept"]), follow=True
    )

    assert "you have accepted" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_invitation_page_explains_why_an_overlapping_mission_cannot_be_accepted(
    expert_client, expert
):
    invitation = PendingInvitationFactory(expert=expert)
    AcceptedInvitationFactory(
        expert=expert,
        mission=RecruitingMissionFactory(
            start_date=invitation.mission.start_date, end_date=invitation.mission.start_date
        ),
    )

    page = expert_client.get(reverse("missions:expert_invitation", args=[invitation.pk]))
    assert "overlaps" in page.context["accept_refusal"]

    response = expert_client.post(
        reverse("missions:expert_answer", args=[invitation.pk, "accept"]), follow=True
    )
    assert "overlaps" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_invitation_accept_of_a_staffed_mission_is_refused(expert_client, expert):
    mission = RecruitingMissionFactory(experts_needed=1)
    invitation = PendingInvitationFactory(mission=mission, expert=expert)
    other = PendingInvitationFactory(mission=mission)
    services.invitation_accept(invitation=other, actor=other.expert.user)

    response = expert_client.post(
        reverse("missions:expert_answer", args=[invitation.pk, "accept"]), follow=True
    )

    assert "The mission has just been fully staffed." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_invitation_decline_with_a_reason_too_long_keeps_the_page(expert_client, expert):
    invitation = PendingInvitationFactory(expert=expert)

    response = expert_client.post(
        reverse("missions:expert_answer", args=[invitation.pk, "decline"]), {"reason": "x" * 2001}
    )

    assert response.status_code == 400
    assert response.context["decline_form"].errors["reason"]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_report_of_a_mission_the_expert_is_not_on_is_not_found(expert_client, expert):
    mission = RecruitingMissionFactory(status=MissionStatus.IN_PROGRESS)
    PendingInvitationFactory(mission=mission, expert=expert, status=InvitationStatus.DECLINED)
    url = reverse("missions:expert_report", args=[mission.pk])

    assert expert_client.get(url).status_code == 404
    assert expert_client.post(url, {"activities": "I was there"}).status_code == 404
    assert MissionReport.objects.count() == 0


def test_report_draft_is_saved_and_submitting_it_incomplete_keeps_it(expert_client, expert):
    invitation = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.IN_PROGRESS)
    url = reverse("missions:expert_report", args=[invitation.mission_id])

    response = expert_client.post(
        url,
        {
            "activities": "Two workshops",
            "findings": "",
            "recommendations": "",
            "follow_up": "",
            "submit": "1",
        },
        follow=True,
    )

    report = MissionReport.objects.get()
    assert (report.status, report.activities) == (ReportStatus.DRAFT, "Two workshops")
    assert "Please complete: findings, recommendations, proposed follow-up" in (
        response.content.decode()
    )


def test_report_submit_with_an_attachment(expert_client, expert):
    invitation = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.COMPLETED)

    expert_client.post(
        reverse("missions:expert_report", args=[invitation.mission_id]),
        {
            "activities": "Two workshops",
            "findings": "Gaps",
            "recommendations": "A decree",
            "follow_up": "A study visit",
            "attachments": [SimpleUploadedFile("agenda.pdf", PDF)],
            "submit": "1",
        },
    )

    report = MissionReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.attachments.get().original_name == "agenda.pdf"


def test_report_attachment_of_the_wrong_type_is_refused(expert_client, expert):
    invitation = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.COMPLETED)

    response = expert_client.post(
        reverse("missions:expert_report", args=[invitation.mission_id]),
        {
            "activities": "Two workshops",
            "attachments": [SimpleUploadedFile("notes.pdf", b"#!/bin/sh\necho hi\n")],
            "save": "1",
        },
    )

    assert response.status_code == 200
    assert "not an accepted kind of file" in response.context["form"].errors["attachments"][0]
    assert MissionReport.objects.count() == 0


def test_report_attachment_download_for_its_author_and_staff_only(client, login, officer_user):
    report = MissionReportFactory()
    expert_client = login(client, report.expert.user)
    attachment = report.attachments.create(
        file=SimpleUploadedFile("agenda.pdf", PDF),
        original_name="agenda.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    url = reverse("missions:report_attachment", args=[attachment.pk])

    response = expert_client.get(url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert login(client, officer_user).get(url).status_code == 200
    assert login(client, ExpertFactory().user).get(url).status_code == 404


def test_report_attachment_delete_while_editable(expert_client, expert):
    invitation = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.COMPLETED)
    report = MissionReportFactory(mission=invitation.mission, expert=expert)
    attachment = report.attachments.create(
        file=SimpleUploadedFile("agenda.pdf", PDF),
        original_name="agenda.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )

    response = expert_client.post(
        reverse("missions:expert_attachment_delete", args=[attachment.pk])
    )

    assert response.url == reverse("missions:expert_report", args=[invitation.mission_id])
    assert report.attachments.count() == 0
