"""A consultation in a browser: an officer sends a request to the country's stakeholders, one
stakeholder answers through the link of their e-mail (no account), and the officer sees the
objection, which blocks acceptance, on the request page."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_mission_journey import expect_message, log_in, new_page, watch_csp
from tests.factories import InstitutionFactory, country
from tests.factories.consultations import StakeholderContactFactory
from tests.factories.cooperation import InReviewRequestFactory

pytestmark = pytest.mark.browser


def test_consultation_sent_answered_through_its_link_and_shown(
    page, browser, live_server, officer_user, password
):
    montenegro = country("ME")
    institution = InstitutionFactory(name="Employment Agency of Montenegro", country=montenegro)
    request = InReviewRequestFactory(
        lead_institution=institution,
        title="Activation of long-term unemployed",
        assigned_officer=officer_user,
    )
    StakeholderContactFactory(country=montenegro, organisation="EU Delegation to Montenegro")
    StakeholderContactFactory(
        country=montenegro,
        kind="national_contact_point",
        organisation="Ministry of European Affairs",
        email="ncp@mep.example",
    )
    violations: list[str] = []
    watch_csp(page, violations)

    page.goto(live_server.url + reverse("cooperation:staff_request_detail", args=[request.pk]))
    log_in(page, officer_user.email, password)
    page.get_by_role("link", name="Send for consultation").click()
    expect(page.get_by_label("EU Delegation to Montenegro")).to_be_checked()
    expect(page.get_by_label("Ministry of European Affairs")).to_be_checked()
    page.get_by_label("Working days to answer").fill("0")
    page.get_by_role("button", name="Send the consultation").click()
    expect(page.locator(".field--error")).to_contain_text("greater than or equal to 1")
    page.get_by_label("Working days to answer").fill("5")
    page.get_by_role("button", name="Send the consultation").click()
    expect_message(page, "The consultation is sent")
    consultation_panel = page.locator("#consultation")
    expect(consultation_panel).to_contain_text("No answer yet")

    message = next(m for m in mail.outbox if m.to == ["ncp@mep.example"])
    link = re.search(r"(\S+/consultation/\S+/)", message.body).group(1)
    link = link.replace(settings.PORTAL_BASE_URL, live_server.url)

    stakeholder = new_page(browser, live_server, violations)
    stakeholder.goto(link[:-3] + "xx/")
    expect(stakeholder.locator("h1")).to_contain_text("This link cannot be used")
    stakeholder.goto(link)
    expect(stakeholder.locator("h1")).to_contain_text(request.reference)
    expect(
        stakeholder.get_by_role("heading", name="Activation of long-term unemployed")
    ).to_be_visible()
    expect(stakeholder.locator("body")).not_to_contain_text(request.submitted_by.email)
    stakeholder.get_by_label("Objection", exact=True).check()
    stakeholder.get_by_role("button", name="Send my answer").click()
    expect(stakeholder.locator(".field--error")).to_contain_text("reason for the objection")
    stakeholder.get_by_label("Reason or comment").fill("The Ministry runs the same programme.")
    stakeholder.get_by_role("button", name="Send my answer").click()
    expect_message(stakeholder, "your answer is recorded")
    expect(stakeholder.locator(".notice--success")).to_contain_text("Objection")

    page.reload()
    expect(consultation_panel).to_contain_text("Ministry of European Affairs")
    expect(consultation_panel).to_contain_text("The Ministry runs the same programme.")
    expect(consultation_panel).to_contain_text("a manager must override the objection")
    expect(page.locator(".timeline")).to_contain_text("Stakeholder answered the consultation")

    # The EU Delegation has not answered: a reminder, then the consultation closed now.
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Resend the e-mail – EU Delegation to Montenegro").click()
    expect_message(page, "The e-mail to EU Delegation to Montenegro is being sent again.")
    expect(page.locator(".timeline")).to_contain_text("Consultation e-mail sent again")
    page.get_by_role("button", name="Close the consultation now").click()
    expect_message(page, "The consultation is closed")
    expect(consultation_panel).to_contain_text("No answer: no objection")
    expect(consultation_panel).to_contain_text("a manager must override the objection")
    expect(page.get_by_role("button", name="Close the consultation now")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Consultation closed before its deadline")
    assert violations == []
