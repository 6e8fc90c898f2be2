"""A decision meeting in a browser: the officer puts two requests on the agenda, scores them
against the criteria, proposes a decision for each and closes the meeting; both requests then
show their new status."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import InstitutionFactory, country
from tests.factories.cooperation import InReviewRequestFactory
from tests.factories.meetings import CriterionFactory, MeetingFactory

from .test_mission_journey import expect_message, log_in, watch_csp


def test_officer_decides_two_requests_in_a_meeting(page, live_server, officer_user, password, shot):
    CriterionFactory(name="Relevance to the programme", order=1)
    CriterionFactory(name="Feasibility of the timing", order=2)
    ministry = InstitutionFactory(
        name="Ministry of Labour and Social Policy", country=country("MK")
    )
    foster = InReviewRequestFactory(title="Foster care standards", lead_institution=ministry)
    pensions = InReviewRequestFactory(title="Pension reform costing", lead_institution=ministry)
    meeting = MeetingFactory(title="Weekly planning meeting", created_by=officer_user)
    violations: list[str] = []
    watch_csp(page, violations)
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(live_server.url + reverse("meetings:meeting", args=[meeting.pk]))
    log_in(page, officer_user.email, password)
    page.get_by_role("link", name="Edit title or date").click()
    page.get_by_label("Title").fill("Weekly planning meeting (moved)")
    page.get_by_role("button", name="Save the meeting").click()
    expect_message(page, "The meeting is saved.")
    expect(page.locator("h1")).to_have_text("Weekly planning meeting (moved)")
    page.get_by_label(f"{foster.reference} – Foster care standards").check()
    page.get_by_label(f"{pensions.reference} – Pension reform costing").check()
    page.get_by_role("button", name="Put on the agenda").click()
    expect_message(page, "2 requests put on the agenda.")

    for request, scores, decision in (
        (foster, ("5", "4"), "Accept"),
        (pensions, ("2", "3"), "Put on hold"),
    ):
        page.get_by_role("link", name=f"Score and decide {request.reference}").click()
        page.get_by_label("Score for “Relevance to the programme”").fill(scores[0])
        page.get_by_label("Comment on “Relevance to the programme”").fill("Discussed.")
        page.get_by_label("Score for “Feasibility of the timing”").fill(scores[1])
        page.get_by_label("Proposed decision").select_option(label=decision)
        page.get_by_label("Note").fill(f"{decision}, as the committee agreed.")
        page.get_by_role("button", name="Save scores and decision").click()
        expect_message(page, f"saved for {request.reference}")

    expect(page.locator(f"#item-{meeting.items.get(request=foster).pk}")).to_contain_text("4.5")
    page.get_by_role("button", name="Close the meeting and apply the decisions").click()
    expect_message(page, "2 decision(s) applied, 0 skipped")
    expect(page.locator("#meeting-status")).to_have_text("Closed")
    expect(page.get_by_role("link", name="Edit title or date")).to_have_count(0)

    for request, status in ((foster, "Accepted"), (pensions, "On hold")):
        page.get_by_role("link", name=request.reference).click()
        expect(page.locator(".page-header__meta .badge").first).to_have_text(status)
        page.go_back()

    shot(page, "meeting-closed")
    assert violations == []
