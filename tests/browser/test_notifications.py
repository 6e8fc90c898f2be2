"""An invitation reaches the expert's bell and inbox, and the link in its e-mail works.

The officer invites the expert through the missions service; the notification's e-mail (sent
after the commit) carries a link that, opened logged out, goes through the login to the
invitation and marks the notification read. Marking another one read updates the bell in place.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from missions.services import invitations_send
from notifications.models import Notification
from notifications.services import notify
from tests.factories import ExpertFactory
from tests.factories.missions import RecruitingMissionFactory, mission_shortlist


def collect_csp_violations(page) -> list[str]:
    """CSP reports of the page, but for the ``style=""`` htmx's settling leaves on elements."""
    violations: list[str] = []

    def record(message) -> None:
        text = message.text
        if "Content Security Policy" in text and not text.startswith("Applying inline style"):
            violations.append(text)

    page.on("console", record)
    return violations


def test_invitation_reaches_the_bell_and_its_email_link_opens_it(
    page, live_server, settings, mailoutbox, expert_user, officer_user, password
):
    settings.PORTAL_BASE_URL = live_server.url
    violations = collect_csp_violations(page)
    expert = ExpertFactory(user=expert_user)
    mission = RecruitingMissionFactory(title="Peer review of the pension reform")
    shortlist = mission_shortlist(mission, [expert])
    (invitation,) = invitations_send(
        mission=mission,
        entries=shortlist.entries.all(),
        deadline=timezone.now() + datetime.timedelta(days=5),
        actor=officer_user,
    )
    notify(
        event="profile_vetted",
        key="profile-vetted:test",
        recipients=[expert_user],
        title="Your roster profile is approved",
    )
    (email,) = [m for m in mailoutbox if "Peer review of the pension reform" in m.subject]
    link = re.search(r"Answer the invitation:\n(\S+)", email.body)[1]
    assert link.startswith(f"{live_server.url}/notifications/")

    page.goto(link)
    page.get_by_label("E-mail address").fill(expert_user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(
        live_server.url + reverse("missions:expert_invitation", args=[invitation.pk])
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Peer review of the pension reform"
    )
    bell = page.locator("#notification-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1 unread")

    bell.click()
    expect(page).to_have_url(live_server.url + reverse("notifications:list"))
    items = page.locator(".notification")
    expect(items).to_have_count(2)
    invitation_item = items.filter(has_text="Invitation: Peer review of the pension reform")
    expect(invitation_item).not_to_have_class(re.compile("notification--unread"))
    vetted_item = items.filter(has_text="Your roster profile is approved")
    vetted_item.get_by_role("button", name=re.compile("Mark as read")).click()

    expect(vetted_item).not_to_have_class(re.compile("notification--unread"))
    expect(bell.get_by_test_id("unread-count")).to_have_count(0)
    assert not Notification.objects.filter(recipient=expert_user, read_at__isnull=True).exists()
    assert violations == []
