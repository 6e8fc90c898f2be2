"""The staff pages of decision meetings: lists, forms, bad input, closing, the request page hook."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Request, RequestStatus
from meetings.models import AgendaItem, DecisionCriterion, Meeting, MeetingStatus, Score
from tests.factories import ManagerFactory, OfficerFactory, PartnerUserFactory
from tests.factories.cooperation import InReviewRequestFactory
from tests.factories.meetings import (
    AgendaItemFactory,
    CriterionFactory,
    MeetingFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(OfficerFactory())
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_meeting_list_counts_its_queries(officer_client, django_assert_max_num_queries):
    for _ in range(3):
        item = AgendaItemFactory(proposed_decision="accept")
        AgendaItemFactory(meeting=item.meeting)

    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("meetings:list"))

    assert response.status_code == 200
    assert [(m.item_count, m.decided_count) for m in response.context["meetings"]] == [(2, 1)] * 3


def test_meeting_page_counts_its_queries(officer_client, django_assert_max_num_queries):
    meeting = MeetingFactory()
    criteria = [CriterionFactory(), CriterionFactory()]
    for _ in range(4):
        item = AgendaItemFactory(meeting=meeting)
        for criterion in criteria:
            ScoreFactory(item=item, criterion=criterion)

    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("meetings:meeting", args=[meeting.pk]))

    assert response.status_code == 200
    assert [item.average for item in response.context["items"]] == [4.0] * 4


def test_a_new_meeting_in_the_past_is_refused_with_a_message(officer_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = officer_client.post(
        reverse("meetings:create"), {"title": "Weekly", "date": yesterday.isoformat()}
    )

    assert response.status_code == 400
    assert "cannot take place in the past" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_a_new_meeting_is_planned(officer_client):
    response = officer_client.post(
        reverse("meetings:create"),
        {"title": "Weekly planning", "date": timezone.localdate().isoformat()},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting", args=[meeting.pk])


def test_huge_text_is_refused_and_nothing_is_saved(officer_client):
    item = AgendaItemFactory()
    criterion = CriterionFactory()

    response = officer_client.post(
        reverse("meetings:item", args=[item.meeting_id, item.pk]),
        {f"score_{criterion.pk}": "4", "decision": "accept", "note": "x" * 100_000},
    )

    assert response.status_code == 400
    assert Score.objects.count() == 0
    item.refresh_from_db()
    assert item.proposed_decision == ""


def test_agenda_add_puts_open_requests_on_the_agenda(officer_client):
    meeting = MeetingFactory()
    first, second = InReviewRequestFactory(), InReviewRequestFactory()
    url = reverse("meetings:agenda_add", args=[meeting.pk])

    response = officer_client.post(url, {"requests": [first.pk, second.pk]}, follow=True)

    assert "2 requests put on the agenda." in _messages(response)
    assert list(meeting.items.values_list("request", "status_seen")) == [
        (first.pk, RequestStatus.IN_REVIEW),
        (second.pk, RequestStatus.IN_REVIEW),
    ]
    # The same request again is no longer among the choices: refused with a message.
    again = officer_client.post(url, {"requests": [first.pk]})
    assert again.status_code == 400
    assert "cannot go on this agenda" in again.content.decode()
    assert meeting.items.count() == 2


def test_scoring_refuses_a_score_out_of_range_and_a_decision_not_allowed(officer_client):
    item = AgendaItemFactory()
    criterion = CriterionFactory()
    url = reverse("meetings:item", args=[item.meeting_id, item.pk])

    out_of_range = officer_client.post(url, {f"score_{criterion.pk}": "9"})
    not_allowed = officer_client.post(url, {"decision": "start_review"})

    assert out_of_range.status_code == 400
    assert "less than or equal to 5" in out_of_range.content.decode()
    assert not_allowed.status_code == 400
    assert "Select a valid choice" in not_allowed.content.decode()
    assert (Score.objects.count(), AgendaItem.objects.get().proposed_decision) == (0, "")


def test_scoring_saves_scores_and_the_decision(officer_client):
    item = AgendaItemFactory()
    criterion = CriterionFactory()

    response = officer_client.post(
        reverse("meetings:item", args=[item.meeting_id, item.pk]),
        {
            f"score_{criterion.pk}": "5",
            f"comment_{criterion.pk}": "Strong",
            "decision": "reject",
            "reason": "overlap",
            "note": "The World Bank covers it.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.proposed_decision, item.rejection_reason) == ("reject", "overlap")
    assert list(item.scores.values_list("value", "comment")) == [(5, "Strong")]


def test_another_meetings_item_answers_404(officer_client):
    item = AgendaItemFactory()
    other = MeetingFactory()

    response = officer_client.get(reverse("meetings:item", args=[other.pk, item.pk]))
    removed = officer_client.post(
        reverse("meetings:agenda_remove", args=[other.pk]), {"item": item.pk}
    )

    assert response.status_code == 404
    assert removed.status_code == 302
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_closed_meeting_refuses_edits_with_a_message(officer_client):
    item = AgendaItemFactory(meeting__status=MeetingStatus.CLOSED)
    criterion = CriterionFactory()

    response = officer_client.post(
        reverse("meetings:item", args=[item.meeting_id, item.pk]),
        {f"score_{criterion.pk}": "3", "decision": "accept"},
        follow=True,
    )
    added = officer_client.post(
        reverse("meetings:agenda_add", args=[item.meeting_id]),
        {"requests": [InReviewRequestFactory().pk]},
        follow=True,
    )

    assert "This meeting is closed: its scores and decisions are final." in _messages(response)
    assert "This meeting is closed: its agenda can no longer change." in _messages(added)
    assert (Score.objects.count(), AgendaItem.objects.count()) == (0, 1)


def test_closing_twice_applies_once_and_says_so(officer_client):
    item = AgendaItemFactory(proposed_decision="put_on_hold")
    url = reverse("meetings:close", args=[item.meeting_id])

    first = officer_client.post(url, follow=True)
    second = officer_client.post(url, follow=True)

    assert "The meeting is closed: 1 decision(s) applied, 0 skipped." in _messages(first)
    assert any("not possible while the status is “Closed”" in m for m in _messages(second))
    assert Request.objects.get(pk=item.request_id).status == RequestStatus.ON_HOLD
    assert AuditRecord.objects.filter(action="close").count() == 1


def test_the_meeting_page_shows_why_a_request_was_skipped(officer_client):
    item = AgendaItemFactory(
        proposed_decision="accept", status_seen=RequestStatus.SUBMITTED, meeting__title="Weekly"
    )
    AgendaItemFactory(meeting=item.meeting, proposed_decision="put_on_hold")
    officer_client.post(reverse("meetings:close", args=[item.meeting_id]))

    page = officer_client.get(reverse("meetings:meeting", args=[item.meeting_id])).content.decode()

    assert "it was “Submitted”, it is now “In review”" in page
    assert "now “On hold”" in page


def test_officers_read_the_criteria_and_only_managers_change_them(client):
    criterion = CriterionFactory(name="Ownership by the partner")
    client.force_login(OfficerFactory())

    page = client.get(reverse("meetings:criteria"))
    refused_post = client.post(reverse("meetings:criteria"), {"name": "Mine", "order": "1"})
    refused_edit = client.get(reverse("meetings:criterion_edit", args=[criterion.pk]))

    assert page.status_code == 200 and "Ownership by the partner" in page.content.decode()
    assert page.context["form"] is None
    assert (refused_post.status_code, refused_edit.status_code) == (404, 404)
    client.force_login(ManagerFactory())
    created = client.post(
        reverse("meetings:criteria"), {"name": "Sustainability", "order": "3", "is_active": "on"}
    )
    duplicate = client.post(reverse("meetings:criteria"), {"name": "Sustainability", "order": "4"})
    edited = client.post(
        reverse("meetings:criterion_edit", args=[criterion.pk]),
        {"name": "Ownership", "guidance": "Who leads?", "order": "1"},
    )
    assert (created.status_code, duplicate.status_code, edited.status_code) == (302, 400, 302)
    assert list(DecisionCriterion.objects.values_list("name", "is_active")) == [
        ("Ownership", False),
        ("Sustainability", True),
    ]


def test_partners_do_not_see_meetings(client):
    meeting = MeetingFactory()
    client.force_login(PartnerUserFactory())

    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 404


def test_the_request_page_adds_the_request_to_a_meeting(officer_client):
    request = InReviewRequestFactory()
    meeting = MeetingFactory(title="Weekly planning")
    MeetingFactory(title="Last month", status=MeetingStatus.CLOSED)
    page = officer_client.get(reverse("cooperation:staff_request_detail", args=[request.pk]))

    html = page.content.decode()
    assert "Add to meeting" in html
    assert ("Weekly planning" in html, "Last month" in html) == (True, False)
    response = officer_client.post(
        reverse("meetings:request_add", args=[request.pk]), {"meeting": meeting.pk}, follow=True
    )
    twice = officer_client.post(
        reverse("meetings:request_add", args=[request.pk]), {"meeting": meeting.pk}, follow=True
    )

    assert "Put on the agenda of Weekly planning." in _messages(response)
    assert any(
        "already on this meeting’s agenda" in m or "already on this meeting's agenda" in m
        for m in _messages(twice)
    )
    assert list(meeting.items.values_list("request", flat=True)) == [request.pk]


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_each_minutes_export_is_audited(officer_client, file_format):
    meeting = MeetingFactory()

    response = officer_client.get(
        reverse("meetings:minutes_export", args=[meeting.pk, file_format])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    record = AuditRecord.objects.get(action="export")
    assert record.content_type == ContentType.objects.get_for_model(Meeting)
    assert record.data == {"table": "minutes", "format": file_format, "rows": 0}


def test_an_unknown_minutes_format_answers_404(officer_client):
    meeting = MeetingFactory()

    response = officer_client.get(reverse("meetings:minutes_export", args=[meeting.pk, "exe"]))

    assert response.status_code == 404


def test_the_pages_warn_when_a_request_changed_since_it_went_on_the_agenda(officer_client):
    item = AgendaItemFactory(status_seen=RequestStatus.SUBMITTED)

    meeting_page = officer_client.get(reverse("meetings:meeting", args=[item.meeting_id]))
    item_page = officer_client.get(reverse("meetings:item", args=[item.meeting_id, item.pk]))

    assert "Now “In review”: its decision will be skipped." in meeting_page.content.decode()
    assert "closing the meeting will skip it" in item_page.content.decode()


# --- Editing a planned meeting -------------------------------------------------------------------


def test_a_planned_meeting_gets_a_new_title_and_date_audited(officer_client):
    meeting = MeetingFactory(title="Weekly")
    new_date = timezone.localdate() + datetime.timedelta(days=14)

    page = officer_client.get(reverse("meetings:edit", args=[meeting.pk]))
    response = officer_client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {"title": "  Weekly planning  ", "date": new_date.isoformat()},
    )

    assert page.status_code == 200 and page.context["form"].initial["title"] == "Weekly"
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date) == ("Weekly planning", new_date)
    record = AuditRecord.objects.get(
        content_type=ContentType.objects.get_for_model(Meeting), object_id=meeting.pk, action="edit"
    )
    assert record.data["fields"] == ["title", "date"]
    assert record.data["before"]["title"] == "Weekly"


def test_a_meeting_cannot_move_to_a_date_in_the_past(officer_client):
    meeting = MeetingFactory(title="Weekly")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = officer_client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {"title": "Weekly planning", "date": yesterday.isoformat()},
    )

    assert response.status_code == 400
    assert "cannot be moved to a date in the past" in response.content.decode()
    assert response.context["form"].data["title"] == "Weekly planning"  # nothing typed is lost
    meeting.refresh_from_db()
    assert meeting.title == "Weekly"


def test_a_meeting_already_past_keeps_its_date_when_only_the_title_changes(officer_client):
    past = timezone.localdate() - datetime.timedelta(days=2)
    meeting = MeetingFactory(title="Weekly", date=past)

    response = officer_client.post(
        reverse("meetings:edit", args=[meeting.pk]), {"title": "Renamed", "date": past.isoformat()}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date) == ("Renamed", past)


def test_a_closed_meeting_refuses_a_new_title_or_date(officer_client):
    meeting = MeetingFactory(title="Weekly", status=MeetingStatus.CLOSED)
    new_date = timezone.localdate() + datetime.timedelta(days=3)

    page = officer_client.get(reverse("meetings:edit", args=[meeting.pk]), follow=True)
    response = officer_client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {"title": "Changed", "date": new_date.isoformat()},
        follow=True,
    )

    assert "its title and date can no longer change" in " ".join(_messages(page))
    assert "its title and date can no longer change" in " ".join(_messages(response))
    meeting.refresh_from_db()
    assert meeting.title == "Weekly"
    assert "Edit title or date" not in page.content.decode()


def test_the_service_refuses_a_meeting_closed_meanwhile():
    from meetings import services

    meeting = MeetingFactory(title="Weekly")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CLOSED)

    with pytest.raises(TransitionNotAllowed, match="closed"):
        services.meeting_update(
            meeting=meeting, actor=OfficerFactory(), title="Changed", meeting_date=meeting.date
        )
    assert Meeting.objects.get(pk=meeting.pk).title == "Weekly"


def test_the_scoring_page_of_a_closed_meeting_sends_back_to_the_meeting(officer_client):
    item = AgendaItemFactory(meeting__status=MeetingStatus.CLOSED)
    url = reverse("meetings:item", args=[item.meeting_id, item.pk])

    response = officer_client.get(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("meetings:meeting", args=[item.meeting_id])
    assert "its scores and decisions are final" in response.content.decode()
