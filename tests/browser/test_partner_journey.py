"""A new partner user signs up, confirms the e-mail address, registers the institution, fills in
the request across its sections with a draft saved in between, attaches a PDF, reviews, submits,
and sees the reference and the timeline."""

import datetime
import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.models import Request, RequestStatus
from partners.models import MembershipRole
from reference.services import reference_data_load
from tests.factories import InstitutionFactory, country

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def collect_csp_violations(page) -> list[str]:
    """CSP violations reported in the console, but for the empty ``style`` that htmx copies when
    it settles swapped elements (Playwright's screenshots leave one; users never get it)."""
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


def verification_link(live_server) -> str:
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/accounts/verify/\S+/", body).group(0)
    return link.replace(settings.PORTAL_BASE_URL, live_server.url)


def save_and_continue(page) -> None:
    page.get_by_role("button", name=re.compile("^Save and go on")).click()
    expect(page.get_by_text("Saved.")).to_be_visible()


def test_new_partner_signs_up_registers_the_institution_and_submits_a_request(
    page, live_server, password
):
    reference_data_load()
    InstitutionFactory(
        name="Health Insurance Fund of Montenegro", acronym="FZO", country=country("ME")
    )
    violations = collect_csp_violations(page)
    start = timezone.localdate() + datetime.timedelta(days=45)

    # Sign up and confirm the e-mail address.
    page.goto(live_server.url + reverse("accounts:register_partner"))
    page.get_by_label("Full name").fill("Jelena Marković")
    page.get_by_label("E-mail address").fill("jelena.markovic@mzd.gov.me")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.goto(verification_link(live_server))
    expect(page.get_by_role("heading", name="Get started: your institution")).to_be_visible()

    # Register the institution: a look-alike is offered while typing, then the real name.
    page.get_by_role("link", name="Register an institution").click()
    page.get_by_label("Country").select_option(label="Montenegro")
    page.get_by_label("Name in English").fill("Health Insurance Fund")
    expect(page.get_by_text("Is your institution already registered?")).to_be_visible()
    page.get_by_label("Name in English").fill("Ministry of Health")
    expect(page.get_by_text("Is your institution already registered?")).to_be_hidden()
    page.get_by_label("Acronym").fill("MZ")
    page.get_by_label("Type").select_option(label="Ministry")
    page.get_by_role("button", name="Register the institution").click()
    expect(page.get_by_role("heading", name="Ministry of Health", exact=True)).to_be_visible()

    # Start a request and fill in its sections, saving the draft in between.
    page.get_by_role("link", name="New request").click()
    page.get_by_label("Title").fill("Quality control in primary health care")
    page.get_by_role("button", name="Create the draft").click()
    page.get_by_label("Context and problem").fill(
        "Primary health centres have no common quality indicators."
    )
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    draft = Request.objects.get()
    assert draft.status == RequestStatus.DRAFT
    assert draft.context == "Primary health centres have no common quality indicators."
    save_and_continue(page)
    page.get_by_label("Objectives").fill("Adopt a national set of quality indicators.")
    page.get_by_label("Expected results").fill("Indicators adopted; 30 managers trained.")
    save_and_continue(page)
    page.get_by_label("Target groups").fill("Managers of the 18 primary health centres.")
    save_and_continue(page)
    page.get_by_label("Quality control").check()
    page.get_by_label("Organisational").check()
    save_and_continue(page)
    page.get_by_label("Hybrid").check()
    page.get_by_label("Preferred start").fill(start.isoformat())
    page.get_by_label("Preferred end").fill((start + datetime.timedelta(days=60)).isoformat())
    page.get_by_label("English").check()
    page.get_by_label("Montenegrin").check()
    save_and_continue(page)
    page.get_by_label("Expertise sought").fill("Quality management in a national health system.")
    page.get_by_label("Number of experts wished").fill("2")
    save_and_continue(page)
    save_and_continue(page)

    # Attach a PDF, review and submit.
    page.get_by_label("File").set_input_files(
        {"name": "Health strategy 2030.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="Health-strategy-2030.pdf")).to_be_visible()
    page.get_by_role("link", name="Review and submit").first.click()
    expect(page.get_by_text("Everything needed is filled in.")).to_be_visible()
    expect(page.get_by_text("Adopt a national set of quality indicators.")).to_be_visible()
    page.get_by_role("button", name="Submit the request").click()

    reference = f"REQ-{timezone.localdate().year}-0001"
    expect(page.get_by_text(f"Its reference is {reference}")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Submit: Draft → Submitted")
    request = Request.objects.get()
    assert (request.reference, request.status) == (reference, RequestStatus.SUBMITTED)
    assert request.lead_institution.memberships.get().role == MembershipRole.FOCAL_POINT
    assert request.attachments.count() == 1
    assert violations == []
