"""Every event of the catalogue: its e-mail in text and HTML, with the portal's name and a link."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

from notifications.catalogue import EVENTS, event_choices, event_get
from notifications.delivery import notification_email_send
from notifications.services import notify
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

EVENTS_USED_BY_THE_DOMAIN_APPS = {
    "request_submitted",
    "information_requested",
    "request_resubmitted",
    "request_decided",
    "action_created",
    "expert_invited",
    "invitation_answered",
    "invitation_withdrawn",
    "mission_staffed",
    "mission_changed",
    "report_due",
    "report_returned",
    "feedback_due",
    "profile_vetted",
    "institution_join_request",
}


def test_catalogue_has_every_event_the_domain_apps_send():
    assert set(EVENTS) >= EVENTS_USED_BY_THE_DOMAIN_APPS


def test_invitations_and_deadlines_are_always_immediate():
    immediate = {code for code, event in EVENTS.items() if event.immediate}

    assert {
        "expert_invited",
        "invitation_expiring",
        "information_requested",
        "information_reminder",
        "report_due",
        "report_returned",
        "feedback_due",
    } <= immediate
    assert "request_submitted" not in immediate


def test_event_get_refuses_an_unknown_code():
    with pytest.raises(ValueError, match="Unknown notification event 'request-submited'"):
        event_get("request-submited")


def test_event_choices_follow_the_catalogue():
    assert [code for code, _label in event_choices()] == list(EVENTS)


@pytest.mark.parametrize("code", list(EVENTS))
def test_each_event_has_both_templates(code):
    event = EVENTS[code]

    assert get_template(event.text_template)
    assert get_template(event.html_template)


@pytest.mark.parametrize("code", list(EVENTS))
def test_each_event_email_names_the_portal_and_links_to_the_object(
    code, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    user = UserFactory(full_name="Ana Petrović", email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(
            event=code,
            key=f"{code}:1",
            recipients=[user],
            title="REQ-2026-0042: Case management standards",
            body="A line of detail.\nAnother line.",
            url="/requests/42/",
        )

    notification.refresh_from_db()
    assert notification.email_status == "sent"
    (message,) = mailoutbox
    event = EVENTS[code]
    link = f"https://portal.example.org/notifications/{notification.pk}/open/"
    html = message.alternatives[0].content
    assert message.to == ["ana@example.org"]
    assert message.subject == (f"REQ-2026-0042: Case management standards – {settings.PORTAL_NAME}")
    assert "Hello Ana Petrović," in message.body
    assert "A line of detail.\nAnother line." in message.body
    assert f"{event.link_label}:\n{link}" in message.body
    assert f"The {settings.PORTAL_NAME} team" in message.body
    assert f'<a href="{link}"><strong>{event.link_label}</strong></a>' in html
    assert "A line of detail.<br>Another line." in html
    assert settings.PORTAL_NAME in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_event_intros_differ_from_one_event_to_another(mailoutbox):
    user = UserFactory()
    for code in ("expert_invited", "report_due"):
        (notification,) = notify(event=code, key=code, recipients=[user], title="Mission")
        notification_email_send(notification_id=notification.pk)

    invited, report = (message.body for message in mailoutbox)
    assert "You are invited to take part in a mission as an expert." in invited
    assert "Please write and submit your mission report." in report
    assert settings.PORTAL_NAME in invited


def test_the_docs_list_every_event():
    docs = (Path(settings.BASE_DIR) / "docs" / "notifications.md").read_text()

    assert [code for code in EVENTS if f"| `{code}` |" not in docs] == []
