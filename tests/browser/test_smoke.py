"""The public pages open in a real browser, titled with the portal's name, and break no CSP rule."""

from django.conf import settings
from django.urls import reverse


def collect_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_home_page_opens_with_the_portal_name(page, live_server):
    violations = collect_csp_violations(page)

    response = page.goto(live_server.url + "/")

    assert response is not None and response.ok, response and response.status
    assert settings.PORTAL_NAME in page.title()
    assert violations == []


def test_login_page_opens_with_the_portal_name(page, live_server):
    violations = collect_csp_violations(page)

    response = page.goto(live_server.url + reverse("accounts:login"))

    assert response is not None and response.ok, response and response.status
    assert settings.PORTAL_NAME in page.title()
    assert page.locator("input[type=password]").count() == 1
    assert violations == []
