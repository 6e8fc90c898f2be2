"""Browser-side protections: a Content-Security-Policy without inline script or style, no
framing, no MIME sniffing; in production HTTPS only (HSTS, secure cookies)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PROJECT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", reverse("accounts:login")])
def test_pages_forbid_inline_script_style_and_framing(client, url):
    response = client.get(url)
    policy = directives(response["Content-Security-Policy"])

    assert response.status_code == 200
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# An inline <script> (one without src), a <style> element, a style="" attribute, an on*="" event
# handler or a javascript: URL: each would be refused by the policy above, so none may exist.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)


def test_templates_have_no_inline_script_or_style():
    offenders = {
        str(template.relative_to(PROJECT)): found
        for template in sorted((PROJECT / "templates").rglob("*.html"))
        if (found := INLINE.findall(TEMPLATE_COMMENT.sub("", template.read_text())))
    }

    assert offenders == {}


def production_answers() -> dict:
    """Ask a production-mode process (DEBUG off) how it answers over HTTP and HTTPS."""
    script = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_cookie_httponly": settings.CSRF_COOKIE_HTTPONLY,
}))
"""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "EMAIL_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cooperation.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="p" * 30 + "-production-secret-for-the-test-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite:///:memory:",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_plain_http_to_https_with_hsts_and_secure_cookies():
    answers = production_answers()

    assert answers == {
        "plain": [301, "https://testserver/healthz"],
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "csrf_cookie_httponly": True,
    }


def test_development_keeps_cookies_usable_over_plain_http():
    assert (settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS) == (False, 0)
