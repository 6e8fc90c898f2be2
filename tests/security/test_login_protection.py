"""Guessing passwords: django-axes locks an e-mail address out, per IP address, after five
failures, and says so without telling whether the account exists."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms import LoginForm
from tests.factories import OfficerFactory, PartnerUserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def post_login(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail_logins(client, username: str, times: int, **extra):
    return [post_login(client, username, "not-the-password", **extra) for _ in range(times)]


def test_login_is_refused_after_the_failure_limit_even_with_the_right_password(client):
    user = PartnerUserFactory(email="focal@example.org")

    answers = fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    right_password = post_login(client, user.email, PASSWORD)

    assert [a.status_code for a in answers] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert right_password.status_code == 429
    assert right_password.context["form"].non_field_errors() == [
        "Too many failed attempts to log in with this e-mail address. "
        "Wait 15 minutes, then try again."
    ]
    assert "_auth_user_id" not in client.session


def test_lockout_of_an_unknown_address_reads_the_same_as_of_a_known_one(client):
    PartnerUserFactory(email="known@example.org")

    known = fail_logins(client, "known@example.org", settings.AXES_FAILURE_LIMIT)[-1]
    unknown = fail_logins(client, "nobody@example.org", settings.AXES_FAILURE_LIMIT)[-1]

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_changing_the_case_of_the_address_does_not_buy_more_attempts(client):
    user = PartnerUserFactory(email="case@example.org")
    spellings = ["case@example.org", "CASE@example.org", "Case@Example.org", " case@example.ORG "]
    spellings += ["cAsE@example.org"] * (settings.AXES_FAILURE_LIMIT - len(spellings))

    for spelling in spellings:
        post_login(client, spelling, "not-the-password")
    locked = post_login(client, "case@EXAMPLE.org", PASSWORD)

    assert locked.status_code == 429
    assert AccessAttempt.objects.get().username == user.email


def test_lockout_holds_one_address_from_one_ip_address_only(client):
    locked_user = PartnerUserFactory()
    other_user = PartnerUserFactory()
    fail_logins(client, locked_user.email, settings.AXES_FAILURE_LIMIT)

    other_user_same_ip = post_login(client, other_user.email, PASSWORD)
    client.logout()
    same_user_other_ip = post_login(client, locked_user.email, PASSWORD, REMOTE_ADDR="192.0.2.7")

    assert other_user_same_ip.status_code == 302
    assert same_user_other_ip.status_code == 302


def test_a_successful_login_resets_the_failure_count(client):
    user = PartnerUserFactory()
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    post_login(client, user.email, PASSWORD)
    client.logout()

    answers = fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT - 1)

    assert [a.status_code for a in answers] == [200] * (settings.AXES_FAILURE_LIMIT - 1)


def test_lockout_ends_after_the_cool_off_time(client):
    user = PartnerUserFactory()
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )

    response = post_login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_lockout_message_names_the_cool_off_in_minutes():
    assert LoginForm.locked_out_message() == (
        "Too many failed attempts to log in with this e-mail address. "
        "Wait 15 minutes, then try again."
    )


def test_admin_login_page_sends_visitors_to_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_admin_login_page_accepts_no_password_posts(client):
    OfficerFactory(email="officer@example.org")

    response = client.post(
        "/admin/login/", {"username": "officer@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short-1", "password_too_short"),
        ("password123", "password_too_common"),
        ("4815162342108", "password_entirely_numeric"),
        ("jelena.petrovic", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = PartnerUserFactory.build(email="jelena.petrovic@example.me", full_name="Jelena Petrović")

    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)

    assert code in [error.code for error in refused.value.error_list]


def test_a_long_uncommon_passphrase_is_accepted():
    user = PartnerUserFactory.build(email="jelena.petrovic@example.me", full_name="Jelena Petrović")

    assert password_validation.validate_password("quiet-harbour-lantern-58", user) is None


def test_an_overlong_address_is_refused_before_it_reaches_the_database(client):
    response = post_login(client, "x" * 100_000 + "@example.org", "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Ensure this value has at most 254 characters (it has 100012)."
    ]
    assert AccessAttempt.objects.exists() is False
