"""The iCalendar writer and the missions feed."""

import datetime

import pytest
from django.urls import reverse

from missions.calendar import CalendarEvent, escape_text, fold_line, ics_calendar
from missions.models import MissionStatus
from missions.tokens import calendar_token, calendar_user_id
from tests.factories import ExpertFactory
from tests.factories.missions import AcceptedInvitationFactory, PendingInvitationFactory


def test_escape_text_escapes_the_special_characters():
    assert escape_text("Pristina, Kosovo; law\\decree\nday 2") == (
        "Pristina\\, Kosovo\\; law\\\\decree\\nday 2"
    )


def test_fold_line_keeps_lines_within_75_octets_and_characters_whole():
    line = "SUMMARY:" + "Коморбидитет и здравствено осигурување " * 5

    folded = fold_line(line)

    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") for piece in pieces) == line


def test_ics_calendar_all_day_events_end_the_day_after():
    body = ics_calendar(
        name="Missions",
        events=[
            CalendarEvent(
                uid="mission-1@portal",
                first_day=datetime.date(2026, 5, 4),
                last_day=datetime.date(2026, 5, 8),
                summary="Review, of the law",
            )
        ],
    )

    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "DTSTART;VALUE=DATE:20260504" in lines
    assert "DTEND;VALUE=DATE:20260509" in lines
    assert "SUMMARY:Review\\, of the law" in lines
    assert "\n" not in body.replace("\r\n", "")


@pytest.mark.django_db
def test_calendar_feed_opens_with_the_token_without_login(client):
    expert = ExpertFactory()
    accepted = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.STAFFED)
    PendingInvitationFactory(expert=expert)

    response = client.get(reverse("missions:calendar_feed", args=[calendar_token(expert.user)]))

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:mission-{accepted.mission.pk}@" in body
    assert "STATUS:CONFIRMED" in body


@pytest.mark.django_db
def test_calendar_feed_with_a_bad_token_is_not_found(client):
    assert client.get(reverse("missions:calendar_feed", args=["forged"])).status_code == 404


@pytest.mark.django_db
def test_calendar_download_for_logged_in_users(client, login):
    expert = ExpertFactory()
    AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.CANCELLED)
    url = reverse("missions:calendar_download")

    assert client.get(url).status_code == 302
    response = login(client, expert.user).get(url)

    assert response["Content-Disposition"] == 'attachment; filename="missions.ics"'
    assert "STATUS:CANCELLED" in response.content.decode()


@pytest.mark.django_db
def test_calendar_page_shows_the_feed_address(client, login, django_assert_max_num_queries):
    expert = ExpertFactory()
    for _ in range(5):
        AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.STAFFED)
    login(client, expert.user)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("missions:calendar"))

    # The token is timestamped, so check whose calendar it opens, not its text.
    token = response.context["feed_url"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
    assert calendar_user_id(token) == expert.user.pk
