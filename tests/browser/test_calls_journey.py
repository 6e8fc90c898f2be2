"""A call for experts in a browser.

The officer publishes the open position of a recruiting mission as a call from the mission's
page; the approved expert finds it first on their ranked list of calls (another open call fits
them less) and applies; the officer sees the application on the mission's shortlist, marked as
an application, and invites the expert from there.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from calls.models import Application, ApplicationStatus, CallStatus
from tests.browser.test_mission_journey import expect_message, log_in, new_page, watch_csp
from tests.calls.conftest import fitting_expert
from tests.factories import ActionFactory, InstitutionFactory, country, language, theme
from tests.factories.accounts import PASSWORD as FACTORY_PASSWORD
from tests.factories.calls import PositionFactory
from tests.factories.missions import RecruitingMissionFactory

pytestmark = pytest.mark.browser


def test_officer_publishes_a_call_an_expert_applies_and_is_invited(
    page, browser, live_server, officer_user, password, shot
):
    fund = InstitutionFactory(name="Health Insurance Fund", acronym="HIF", country=country("XK"))
    action = ActionFactory(
        title="Health insurance reform",
        status="in_progress",
        assigned_officer=officer_user,
        institutions=[fund],
    )
    mission = RecruitingMissionFactory(
        action=action,
        title="Review of the benefit package",
        country=country("XK"),
        experts_needed=1,
        created_by=officer_user,
    )
    mission.themes.set([theme("health-insurance")])
    mission.languages.set([language("en")])
    expert = fitting_expert(user__full_name="Ana Ferreira", user__email="ana@example.org")
    other = PositionFactory(
        call__mission__title="Labour inspection in the mining sector",
        theme=theme("labour-inspection"),
        expertise_sought="Labour inspection of mines.",
    )
    violations: list[str] = []
    watch_csp(page, violations)

    # The officer prepares the call from the mission page and publishes it.
    page.goto(live_server.url + reverse("missions:staff_mission", args=[mission.pk]))
    log_in(page, officer_user.email, password)
    page.get_by_role("link", name="Publish the open positions as a call").click()
    page.get_by_label("Introduction").fill("The fund reviews its benefit package.")
    page.get_by_role("button", name="Save the draft call").click()
    expect_message(page, "add its positions")
    page.get_by_label("Role").select_option(label="Lead expert")
    page.get_by_label("Thematic sub-area").select_option(
        label="Health systems › Health insurance and financing"
    )
    page.get_by_label("Expertise sought").fill("Design and costing of a benefit package.")
    page.get_by_label("Expert-days").fill("5")
    page.get_by_role("button", name="Add the position").click()
    expect_message(page, "The position is added.")
    page.get_by_role("button", name="Publish the call").click()
    expect(page.locator("#call-status")).to_have_text("Published")
    call = mission.call
    assert call.status == CallStatus.PUBLISHED

    # The expert finds it first among the open calls, ranked for their profile, and applies.
    expert_page = new_page(browser, live_server, violations)
    log_in(expert_page, expert.user.email, FACTORY_PASSWORD)
    expert_page.goto(live_server.url + reverse("calls:list"))
    cards = expert_page.locator("#ranked-positions > li")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text(mission.title)
    expect(cards.first).to_contain_text("Health insurance and financing: exact sub-area")
    expect(cards.nth(1)).to_contain_text(other.call.mission.title)
    shot(expert_page, "ranked-calls")
    cards.first.get_by_role("link", name=re.compile("^Apply")).click()
    expert_page.get_by_label("Motivation").fill("I costed our fund's benefit package in 2019.")
    expert_page.get_by_label("I confirm that I am available").check()
    expert_page.get_by_role("button", name="Send my application").click()
    expect_message(expert_page, "Your application is sent")
    expect(expert_page.get_by_role("cell", name=mission.title)).to_be_visible()

    # A change of mind: the expert withdraws, then applies again while the call is open.
    expert_page.on("dialog", lambda dialog: dialog.accept())
    expert_page.get_by_role("button", name="Withdraw").click()
    expect(expert_page.get_by_role("row").filter(has_text=mission.title)).to_contain_text(
        "Withdrawn"
    )
    expert_page.goto(live_server.url + reverse("calls:detail", args=[call.pk]))
    expect(expert_page.locator(".notice--info")).to_contain_text("you may apply again")
    expert_page.get_by_role("link", name=re.compile("^Apply")).click()
    expert_page.get_by_label("Motivation").fill("I costed our fund's benefit package in 2019.")
    expert_page.get_by_label("I confirm that I am available").check()
    expert_page.get_by_role("button", name="Send my application").click()
    expect_message(expert_page, "Your application is sent")

    # The officer sees the application on the shortlist and invites the expert.
    page.goto(live_server.url + reverse("experts:shortlist", args=["mission", mission.pk]))
    row = page.get_by_role("row").filter(has_text="Ana Ferreira")
    expect(row).to_contain_text("Application")
    shot(page, "shortlist-with-application")
    page.goto(live_server.url + reverse("missions:staff_invite", args=[mission.pk]))
    page.get_by_label("Ana Ferreira").check()
    page.get_by_label("Role").select_option(label="Lead expert")
    page.get_by_role("button", name="Invite the selected experts").click()
    expect_message(page, "1 expert(s) invited")
    application = Application.objects.exclude(status=ApplicationStatus.WITHDRAWN).get(expert=expert)
    assert application.status == ApplicationStatus.INVITED
    assert mission.invitations.get(expert=expert).status == "invited"
    assert violations == []
