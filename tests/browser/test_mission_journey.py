"""The whole mission journey in a browser.

The officer creates a mission on the action's page and starts recruiting; invites two experts
from the shortlist; one accepts through the e-mail link (logging in on the way), the other
declines in the portal; the officer invites a third, who accepts: the mission is staffed. The
mission runs, the expert submits the report, the officer accepts it, and the partner gives
feedback.
"""

import datetime
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from missions.models import Feedback, InvitationStatus, Mission, MissionStatus, ReportStatus
from notifications.models import Notification
from tests.factories import (
    ActionFactory,
    ExpertFactory,
    ExpertLanguageFactory,
    InstitutionFactory,
    MembershipFactory,
    country,
)
from tests.factories.accounts import PASSWORD as FACTORY_PASSWORD
from tests.factories.missions import mission_shortlist


def watch_csp(page, violations: list[str]) -> None:
    """Collect the page's CSP reports in ``violations``, but for the ``style=""`` that
    Playwright's screenshots and htmx's settling leave on elements (no real user meets it)."""

    def record(message) -> None:
        text = message.text
        if "Content Security Policy" in text and not text.startswith("Applying inline style"):
            violations.append(text)

    page.on("console", record)


def log_in(page, email: str, password: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def new_page(browser, live_server, violations: list[str]):
    """A second person's browser, on the login page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch_csp(page, violations)
    page.goto(live_server.url + reverse("accounts:login"))
    return page


def expect_message(page, text: str) -> None:
    """The page confirms what happened in its messages area."""
    expect(page.locator("#messages")).to_contain_text(text)


def emailed_link(user, label: str, live_server) -> str:
    """The link after ``label`` in the user's invitation e-mail, on the test server."""
    body = Notification.objects.get(recipient=user, event="expert_invited").body
    url = re.search(rf"{label}: (\S+)", body).group(1)
    return url.replace(settings.PORTAL_BASE_URL, live_server.url)


def test_mission_from_creation_to_feedback(
    page, browser, live_server, officer_user, partner_user, password, shot
):
    fund = InstitutionFactory(name="Health Insurance Fund", acronym="HIF", country=country("XK"))
    MembershipFactory(user=partner_user, institution=fund)
    action = ActionFactory(
        title="Review of the health insurance law",
        status="in_progress",
        assigned_officer=officer_user,
        institutions=[fund],
    )
    ana, bruno, carla = (
        ExpertFactory(user__full_name=name, user__email=email, nationality=country(code))
        for name, email, code in (
            ("Ana Ferreira", "ana@example.org", "PT"),
            ("Bruno Costa", "bruno@example.org", "PT"),
            ("Carla Weber", "carla@example.org", "LU"),
        )
    )
    for expert in (ana, bruno, carla):
        ExpertLanguageFactory(expert=expert)
    start = timezone.localdate() + datetime.timedelta(days=30)
    violations: list[str] = []
    watch_csp(page, violations)

    # The officer adds a mission to the action and starts recruiting.
    page.goto(live_server.url + reverse("cooperation:action_detail", args=[action.pk]))
    log_in(page, officer_user.email, password)
    page.get_by_role("link", name="Add a mission").click()
    page.get_by_label("Type").select_option(label="Expert mission on site")
    page.get_by_label("Title").fill("Peer review of the draft health insurance law")
    page.get_by_label("Terms of reference").fill("Review the draft law with the fund's lawyers.")
    page.get_by_label("City").fill("Pristina")
    page.get_by_label("Country").select_option(label="Kosovo")
    page.get_by_label("Start", exact=True).fill(start.isoformat())
    page.get_by_label("End", exact=True).fill((start + datetime.timedelta(days=4)).isoformat())
    page.get_by_label("Experts needed").fill("2")
    page.get_by_label("Expert-days").fill("10")
    page.get_by_role("checkbox", name="English").check()
    page.get_by_role("button", name="Create the mission").click()
    expect_message(page, "is saved as a draft")
    page.get_by_role("button", name="Start recruiting").click()
    expect(page.locator("#mission-status")).to_have_text("Recruiting")
    mission = Mission.objects.get(action=action)

    # Matching has shortlisted the three experts; the officer invites the first two.
    mission_shortlist(mission, [ana, bruno, carla])
    page.get_by_role("link", name="Invite experts").first.click()
    page.get_by_label("Ana Ferreira").check()
    page.get_by_label("Bruno Costa").check()
    page.get_by_role("button", name="Invite the selected experts").click()
    expect_message(page, "2 expert(s) invited")

    # Ana accepts through the link of her e-mail: she logs in, then confirms.
    ana_page = new_page(browser, live_server, violations)
    ana_page.goto(emailed_link(ana.user, "Accept", live_server))
    log_in(ana_page, ana.user.email, FACTORY_PASSWORD)
    expect(ana_page.get_by_role("heading", name="Accept the invitation")).to_be_visible()
    shot(ana_page, "ana-confirms")
    ana_page.get_by_role("button", name="Yes, I accept").click()
    expect_message(ana_page, "you have accepted")

    # Bruno declines in the portal, with a reason.
    bruno_page = new_page(browser, live_server, violations)
    log_in(bruno_page, bruno.user.email, FACTORY_PASSWORD)
    bruno_page.get_by_role("link", name="My missions", exact=True).click()
    bruno_page.get_by_role("link", name=mission.title).click()
    bruno_page.get_by_label("Reason").fill("Parliament sits that week.")
    bruno_page.get_by_role("button", name="Decline the invitation").click()
    expect_message(bruno_page, "You have declined")
    shot(bruno_page, "bruno-declined")

    # The officer invites Carla, who accepts: the mission is staffed.
    page.goto(live_server.url + reverse("missions:staff_invite", args=[mission.pk]))
    page.get_by_label("Carla Weber").check()
    page.get_by_role("button", name="Invite the selected experts").click()
    carla_page = new_page(browser, live_server, violations)
    log_in(carla_page, carla.user.email, FACTORY_PASSWORD)
    carla_page.goto(live_server.url + reverse("missions:expert_list"))
    carla_page.get_by_role("link", name=mission.title).click()
    carla_page.get_by_role("button", name="Accept the invitation").click()
    expect_message(carla_page, "you have accepted")
    shot(carla_page, "carla-accepted")

    page.goto(live_server.url + reverse("missions:staff_mission", args=[mission.pk]))
    expect(page.locator("#mission-status")).to_have_text("Staffed")
    expect(page.get_by_text("2 of 2 places filled.")).to_be_visible()
    assert dict(mission.invitations.values_list("expert__user__full_name", "status")) == {
        "Ana Ferreira": InvitationStatus.ACCEPTED,
        "Bruno Costa": InvitationStatus.DECLINED,
        "Carla Weber": InvitationStatus.ACCEPTED,
    }

    # The mission takes place.
    page.get_by_role("button", name="Start the mission").click()
    page.get_by_role("button", name="Mark as carried out").click()
    expect(page.locator("#mission-status")).to_have_text("Completed")

    # Ana writes and submits her report.
    ana_page.goto(live_server.url + reverse("missions:expert_report", args=[mission.pk]))
    ana_page.get_by_label("Activities carried out").fill("Three workshops with the legal unit.")
    ana_page.get_by_label("Findings").fill("The benefit package is left undefined.")
    ana_page.get_by_label("Recommendations").fill("Define the package by decree.")
    ana_page.get_by_label("Proposed follow-up").fill("A study visit to Luxembourg.")
    ana_page.get_by_role("button", name="Submit the report").click()
    expect_message(ana_page, "Your report is submitted")
    shot(ana_page, "ana-report-submitted")

    # The officer accepts it.
    page.reload()
    page.get_by_role("link", name="Ana Ferreira").click()
    page.get_by_label("Accept the report").check()
    page.get_by_role("button", name="Send the review").click()
    expect_message(page, "The report is accepted.")

    # The partner gives feedback on the mission.
    partner_page = new_page(browser, live_server, violations)
    log_in(partner_page, partner_user.email, password)
    partner_page.get_by_role("link", name="Our missions", exact=True).click()
    partner_page.get_by_role("link", name=mission.title).click()
    expect(partner_page.get_by_role("cell", name="Carla Weber")).to_be_visible()
    partner_page.get_by_role("link", name="Give feedback").click()
    for dimension, score in (
        ("Relevance", "5"),
        ("Expertise", "5"),
        ("Organisation", "4"),
        ("Usefulness", "5"),
    ):
        partner_page.get_by_role("group", name=dimension).get_by_label(score).check()
    partner_page.get_by_label("Comments").fill("The review changed the draft law.")
    shot(partner_page, "partner-feedback-form")
    partner_page.get_by_role("button", name="Send the feedback").click()
    expect_message(partner_page, "Thank you for your feedback.")
    shot(partner_page, "partner-feedback")

    mission.refresh_from_db()
    assert mission.status == MissionStatus.COMPLETED
    assert mission.reports.get().status == ReportStatus.ACCEPTED
    feedback = Feedback.objects.get(mission=mission)
    assert (feedback.institution, feedback.organisation) == (fund, 4)
    assert violations == []
