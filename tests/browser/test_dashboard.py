"""An officer opens the programme dashboard, changes the region and the period, and sees the
charts and tables follow, with the filters in the address bar and no CSP violation."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.reporting.data import PERIOD, build_programme


def collect_csp_violations(page) -> list[str]:
    """CSP violations reported in the console, but for htmx settling a ``style`` attribute that
    Playwright's own screenshots leave on form controls (no real user meets it)."""
    violations: list[str] = []

    def record(message) -> None:
        if "Content Security Policy" not in message.text:
            return
        if message.text.startswith("Applying inline style") and "htmx" in message.location.get(
            "url", ""
        ):
            return
        violations.append(message.text)

    page.on("console", record)
    return violations


def key_figure(page, label: str):
    return page.locator(".stat", has=page.locator("dt", has_text=label)).locator("dd")


def body_rows(page, slug: str):
    return page.locator(f"#{slug}-table tbody tr")


def test_officer_changes_region_and_period_and_the_dashboard_follows(
    page, live_server, officer_user, password
):
    build_programme()
    violations = collect_csp_violations(page)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(officer_user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    dashboard = live_server.url + reverse("reporting:staff_dashboard")

    page.goto(f"{dashboard}?start={PERIOD['start']}&end={PERIOD['end']}")

    expect(page.get_by_role("heading", name="Programme dashboard")).to_be_visible()
    expect(key_figure(page, "Requests received")).to_have_text("6")
    expect(body_rows(page, "requests_by_month")).to_have_count(6)
    expect(page.locator("#requests_by_month-table thead th")).to_have_text(
        ["Month", "Western Balkans", "Central Asia", "Total"]
    )
    expect(page.get_by_role("img", name="Missions by country")).to_be_visible()
    expect(page.locator("svg[aria-labelledby^='requests-by-month'] rect")).to_have_count(4)

    page.get_by_label("Region", exact=True).select_option(label="Central Asia")

    expect(page.locator(".dashboard__scope")).to_contain_text("Central Asia")
    expect(page).to_have_url(re.compile(r"region=central_asia"))
    expect(key_figure(page, "Requests received")).to_have_text("2")
    expect(page.locator("#requests_by_month-table thead th")).to_have_text(
        ["Month", "Central Asia", "Total"]
    )
    expect(body_rows(page, "missions_by_country")).to_have_text(
        [re.compile(r"Kazakhstan\s*1\s*1"), re.compile(r"Remote or no country\s*1\s*1")]
    )
    expect(page.locator("svg[aria-labelledby^='missions-by-country'] rect")).to_have_count(2)

    page.get_by_label("From", exact=True).fill("2025-04-01")

    expect(page.locator(".dashboard__scope")).to_contain_text("April 1, 2025")
    expect(page).to_have_url(re.compile(r"start=2025-04-01"))
    expect(body_rows(page, "requests_by_month")).to_have_count(3)
    expect(key_figure(page, "Requests received")).to_have_text("0")
    expect(page.get_by_text("No request was received in this period.").first).to_be_visible()
    expect(key_figure(page, "Missions delivered")).to_have_text("2")
    expect(page.locator("#dashboard-status")).to_contain_text("Central Asia")
    assert violations == []
