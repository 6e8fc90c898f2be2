"""An officer runs "Find experts" on an accepted request, watches matching finish, reads why each
expert is there and selects two experts to invite."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from experts.models import Shortlist, ShortlistStatus
from experts.shortlists import shortlist_compute
from experts.tasks import shortlist_compute_task
from tests.matching.builders import expert_with, request_for


def collect_csp_violations(page) -> list[str]:
    """CSP violations in the console, except the empty ``style`` that htmx copies when it settles
    a swapped element after Playwright's screenshots (no real user can cause that one)."""
    violations: list[str] = []

    def record(message) -> None:
        if "Content Security Policy" not in message.text:
            return
        if not (
            message.text.startswith("Applying inline style")
            and "htmx" in message.location.get("url", "")
        ):
            violations.append(message.text)

    page.on("console", record)
    return violations


@pytest.fixture
def queued(monkeypatch) -> list[dict]:
    """The matching tasks queued, kept instead of run (whatever the broker): the test plays the
    worker."""
    tasks: list[dict] = []
    monkeypatch.setattr(shortlist_compute_task, "delay_on_commit", lambda **ids: tasks.append(ids))
    return tasks


def test_officer_finds_experts_watches_matching_and_selects_two(
    page, live_server, officer_user, password, queued, shot
):
    first = expert_with(
        name="Aida Kovač",
        themes={"child-protection": 14},
        languages={"en": 6, "sr": 7},
        countries=["ME", "RS"],
        keywords="foster care, case management",
    )
    second = expert_with(
        name="Bruno Silva",
        themes={"child-protection": 9},
        languages={"en": 5},
        countries=["AL"],
        summary="Case management standards for centres for social work.",
    )
    third = expert_with(name="Clara Weber", themes={"social-services": 6}, languages={"en": 7})
    request = request_for(
        themes=["child-protection"],
        languages=["en", "sr"],
        country_code="ME",
        title="Case management in foster care",
    )
    violations = collect_csp_violations(page)

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(officer_user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("experts:shortlist", args=["request", request.pk]))
    expect(page.get_by_text("Matching has not run yet")).to_be_visible()

    page.get_by_role("button", name="Find experts").click()
    expect(page.get_by_text("Waiting for the worker…")).to_be_visible()
    shot(page, "waiting-for-the-worker")

    # The worker picks the task up; the page, polling, shows the shortlist without a reload.
    assert queued == [{"shortlist_id": Shortlist.objects.get().pk}]
    shortlist_compute(**queued[0])
    table = page.get_by_role("region", name="Candidates, best first")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Aida Kovač")
    expect(rows.nth(0)).to_contain_text(
        "Child protection and foster care: exact sub-area, 14 years; English C2, Serbian native; "
        "worked in Montenegro"
    )
    expect(rows.nth(1)).to_contain_text("Bruno Silva")
    expect(rows.nth(1)).to_contain_text("worked in the region (Albania)")
    expect(rows.nth(2)).to_contain_text("Clara Weber")
    expect(rows.nth(2)).to_contain_text("Child protection and foster care: same area")
    shot(page, "shortlist-ready")

    page.get_by_label("Select Aida Kovač").check()
    page.get_by_label("Select Bruno Silva").check()
    page.get_by_role("button", name="Save the selection").click()

    expect(page.get_by_text("Selection saved: 2 expert(s) selected.")).to_be_visible()
    expect(page.get_by_label("Select Aida Kovač")).to_be_checked()
    expect(page.get_by_label("Select Clara Weber")).not_to_be_checked()
    shortlist = Shortlist.objects.get()
    assert shortlist.status == ShortlistStatus.DONE
    assert sorted(shortlist.entries.filter(selected=True).values_list("expert_id", flat=True)) == [
        first.pk,
        second.pk,
    ]
    assert third.pk in shortlist.entries.values_list("expert_id", flat=True)
    assert violations == []
