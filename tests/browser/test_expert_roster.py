"""A new expert registers, completes the profile section by section, uploads a CV and submits it;
a manager approves it and finds the expert through the roster search. No CSP violation."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from experts.models import Expert, RosterStatus
from reference.models import LanguageLevel
from tests.factories import ExpertFactory, ExpertLanguageFactory, ExpertThemeFactory, language
from tests.factories import theme as theme_of
from tests.factories.experts import PDF_BYTES

NEW_PASSWORD = "Foster-care-Lisboa-2026"


def collect_csp_violations(page) -> list[str]:
    """CSP violations reported in the console, except htmx settling the empty ``style``
    attribute that Playwright's screenshots leave on text inputs (no real browser has it)."""
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


def save(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def row_field(page, kind: str, row: int, name: str):
    return page.locator(f"[name='{kind}-{row}-{name}']")


def test_expert_registers_completes_submits_and_manager_finds_them(
    page, live_server, manager_user, password
):
    # Someone else on the roster, who must not match the search below.
    other = ExpertFactory(user__full_name="Béla Kiss")
    ExpertThemeFactory(expert=other, theme=theme_of("pensions"))
    ExpertLanguageFactory(expert=other, language=language("en"), level=LanguageLevel.C1)
    violations = collect_csp_violations(page)

    # Registration and e-mail verification.
    page.goto(live_server.url + reverse("accounts:register_expert"))
    page.get_by_label("Full name").fill("Ana Pereira")
    page.get_by_label("E-mail address").fill("ana.pereira@seg-social.pt")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/verify/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.get_by_role("heading", name="Welcome, Ana")).to_be_visible()
    expect(page.get_by_text("0% complete")).to_be_visible()

    # The profile, section by section.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Nationality").click()
    page.get_by_label("Nationality").select_option(label="Portugal")
    page.get_by_label("Current employer").fill("Instituto da Segurança Social")
    page.get_by_label("Employer type").select_option(label="Public administration")
    page.get_by_label("Position").fill("Head of the foster care unit")
    page.get_by_label("Years of professional experience").fill("17")
    save(page)

    expect(page.get_by_role("heading", name="Thematic expertise")).to_be_visible()
    row_field(page, "themes", 0, "theme").select_option(
        label="Social protection › Child protection and foster care"
    )
    row_field(page, "themes", 0, "years").fill("12")
    page.get_by_role("button", name="Add a row").click()
    row_field(page, "themes", 1, "theme").select_option(label="Social protection › Social services")
    row_field(page, "themes", 1, "years").fill("6")
    save(page)

    expect(page.get_by_role("heading", name="Languages")).to_be_visible()
    row_field(page, "languages", 0, "language").select_option(label="Portuguese")
    row_field(page, "languages", 0, "level").select_option(label="native")
    page.get_by_role("button", name="Add a row").click()
    row_field(page, "languages", 1, "language").select_option(label="English")
    row_field(page, "languages", 1, "level").select_option(label="C1")
    save(page)

    expect(page.get_by_role("heading", name="Country experience")).to_be_visible()
    page.get_by_label("Montenegro").check()
    page.get_by_label("Kosovo").check()
    save(page)

    page.get_by_label("Summary of your experience").fill(
        "Led the reform of foster care in the Lisbon district: assessment of foster families, "
        "case management and the closing of two residential institutions."
    )
    page.get_by_label("Keywords").fill("foster care, deinstitutionalisation, case management")
    save(page)

    expect(page.get_by_role("heading", name="CV")).to_be_visible()
    page.get_by_label("Your CV").set_input_files(
        {"name": "CV Ana Pereira.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    save(page)

    page.get_by_label("Maximum mission days a year").fill("40")
    row_field(page, "periods", 0, "start").fill("2030-03-10")
    row_field(page, "periods", 0, "end").fill("2030-03-01")
    save(page)
    expect(page.get_by_text("The period ends before it starts.").first).to_be_visible()
    expect(row_field(page, "periods", 0, "start")).to_have_value("2030-03-10")
    row_field(page, "periods", 0, "end").fill("2030-03-20")
    row_field(page, "periods", 0, "reason").fill("Annual leave")
    save(page)

    expect(page.get_by_role("heading", name="Data protection")).to_be_visible()
    page.get_by_label(re.compile("I consent to the programme")).check()
    save(page)

    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.get_by_text("100% complete")).to_be_visible()
    page.get_by_role("button", name="Submit for vetting").click()
    expect(page.get_by_text("Your profile is submitted")).to_be_visible()
    expect(page.locator(".page-header .badge")).to_have_text("Waiting for vetting")
    page.get_by_role("button", name="Log out").click()

    # A manager vets the profile.
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(manager_user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roster").click()
    page.get_by_role("link", name="Waiting for vetting").click()
    page.get_by_role("link", name="Ana Pereira").click()
    expect(page.get_by_role("link", name="Download the CV")).to_be_visible()
    page.get_by_label("Note to the expert").fill("Welcome to the roster.")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Ana Pereira: the roster status is now “Approved”.")).to_be_visible()
    expert = Expert.objects.get(user__email="ana.pereira@seg-social.pt")
    assert expert.roster_status == RosterStatus.APPROVED

    # …and finds her through the roster search (htmx updates the results in place).
    page.get_by_role("link", name="Expert roster").click()
    page.get_by_label("Thematic area").select_option(label="Social protection (all sub-areas)")
    page.get_by_label("Language", exact=True).select_option(label="Portuguese")
    page.get_by_label("Minimum level").select_option(label="B2")
    page.get_by_label("Experience in region").select_option(label="Western Balkans")
    page.get_by_label("Available from").fill("2030-03-21")
    page.get_by_label("Available until").fill("2030-03-25")
    page.get_by_label("Roster status").select_option(label="Approved")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 expert")).to_be_visible()
    results = page.locator("#roster tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Ana Pereira")
    expect(results.first).to_contain_text("Child protection and foster care")
    assert "theme=" in page.url  # the filters are in the address bar

    # During her leave she is not available.
    page.get_by_label("Available from").fill("2030-03-15")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="0 experts")).to_be_visible()
    assert violations == []
