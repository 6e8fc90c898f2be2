"""An officer filters the queue, opens a request and asks for information; the partner answers and
resubmits; the officer checks eligibility, accepts, and creates the action."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from cooperation.models import Action, RequestStatus
from partners.models import VerificationStatus
from tests.factories import InstitutionFactory, MembershipFactory, country, language, theme
from tests.factories.cooperation import SubmittedRequestFactory


def collect_csp_violations(page) -> list[str]:
    """CSP violations reported in the console.

    Playwright's screenshots (one per page load here) leave an empty ``style=""`` on form
    controls, and htmx copies ``style`` when it settles swapped elements: that one report cannot
    happen to a real user, so it is left out. Every other violation counts.
    """
    violations: list[str] = []

    def record(message) -> None:
        if "Content Security Policy" not in message.text:
            return
        from_htmx_settle = message.text.startswith("Applying inline style") and (
            "htmx" in message.location.get("url", "")
        )
        if not from_htmx_settle:
            violations.append(message.text)

    page.on("console", record)
    return violations


def log_in(page, live_server, user, password) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def take_step(page, name: str) -> None:
    """Open a decision's panel on the request page and confirm it."""
    page.locator("summary", has_text=name).click()
    page.get_by_role("button", name=name, exact=True).click()


def test_officer_triages_asks_for_information_accepts_and_creates_the_action(
    page, browser, live_server, officer_user, partner_user, password, shot
):
    fund = InstitutionFactory(
        name="Health Insurance Fund",
        acronym="HIF",
        country=country("XK"),
        verification_status=VerificationStatus.VERIFIED,
    )
    MembershipFactory(user=partner_user, institution=fund)
    request = SubmittedRequestFactory(
        lead_institution=fund,
        submitted_by=partner_user,
        title="Review of the 2014 Law on Health Insurance",
    )
    request.themes.set([theme("health-insurance")])
    request.languages.set([language("en")])
    other = SubmittedRequestFactory(lead_institution=InstitutionFactory(country=country("GE")))
    violations = collect_csp_violations(page)

    # The officer lands on the queue and narrows it to Kosovo.
    log_in(page, live_server, officer_user, password)
    expect(page.get_by_role("heading", name="Request queue")).to_be_visible()
    expect(page.get_by_role("link", name=other.reference)).to_be_visible()
    page.get_by_label("Country").select_option("XK")
    expect(page.get_by_role("link", name=other.reference)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"country=XK"))
    shot(page, "queue-filtered")

    # Opens the request, starts the review and asks the partner a question.
    page.get_by_role("link", name=request.reference).click()
    expect(page.get_by_role("heading", name=re.compile(request.reference))).to_be_visible()
    take_step(page, "Start review")
    expect(page.locator(".page-header__meta .badge")).to_have_text("In review")
    page.locator("summary", has_text="Ask for information").click()
    page.get_by_label("Questions for the partner").fill("Which regional branches take part?")
    page.get_by_role("button", name="Ask for information", exact=True).click()
    expect(page.locator(".page-header__meta .badge")).to_have_text("Information requested")

    # The partner answers and resubmits, in a browser of their own.
    partner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    partner_page = partner_context.new_page()
    partner_violations = collect_csp_violations(partner_page)
    log_in(partner_page, live_server, partner_user, password)
    partner_page.goto(
        live_server.url + reverse("cooperation:partner_request_review", args=[request.pk])
    )
    partner_page.get_by_role("textbox").last.fill("The branches of Pristina and Prizren.")
    partner_page.get_by_role("button", name="Resubmit the request").click()
    shot(partner_page, "partner-resubmitted")
    partner_context.close()
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_REVIEW

    # The officer sees the answer, records the eligibility checks and accepts.
    page.reload()
    expect(page.locator(".page-header__meta .badge")).to_have_text("In review")
    expect(page.get_by_text("The branches of Pristina and Prizren.")).to_be_visible()
    page.locator("summary", has_text="Record the checks").click()
    for item in (
        "Public or mandated institution",
        "Fits the programme's thematic areas",
        "No overlap with other support",
        "Feasible timing",
    ):
        page.get_by_role("group", name=item).get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("The eligibility checklist is saved.")).to_be_visible()
    take_step(page, "Accept")
    expect(page.locator(".page-header__meta .badge")).to_have_text("Accepted")

    # And turns the request into an action, prefilled from it.
    page.get_by_role("link", name="Create action").click()
    expect(page.get_by_label("Title")).to_have_value(request.title)
    page.get_by_label("Indicators").fill("Amended law adopted by the government")
    page.get_by_label("Planned activities").fill("Expert mission on site\nFinal workshop")
    page.get_by_label("Expert-days").fill("30")
    page.get_by_label("Budget (EUR)").fill("42000")
    page.get_by_role("button", name="Create action").click()

    action = Action.objects.get()
    expect(page.get_by_role("heading", name=re.compile(action.reference))).to_be_visible()
    expect(page.get_by_text("Amended law adopted by the government")).to_be_visible()
    assert action.reference.startswith("ACT-")
    assert list(action.requests.all()) == [request]
    print("\n".join(violations))
    assert violations == []
    assert partner_violations == []
