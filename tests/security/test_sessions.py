"""Sessions end when the browser closes and, at the latest, SESSION_COOKIE_AGE after login."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import OfficerFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

STAFF_PAGE = reverse("audit:record_list")


def log_in(client):
    officer = OfficerFactory()
    response = client.post(
        reverse("accounts:login"), {"username": officer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_the_session_cookie_ends_with_the_browser_and_hides_from_scripts(client):
    cookie = log_in(client).cookies[settings.SESSION_COOKIE_NAME]

    assert (cookie["expires"], cookie["max-age"]) == ("", "")
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_server_ends_a_session_after_eight_hours(client):
    log_in(client)
    session = Session.objects.get()

    lifetime = session.expire_date - timezone.now()

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert datetime.timedelta(hours=7, minutes=59) < lifetime <= datetime.timedelta(hours=8)


def test_an_expired_session_is_logged_out(client):
    log_in(client)
    assert client.get(STAFF_PAGE).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(STAFF_PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logging_in_gives_a_new_session_key(client):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    log_in(client)

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
