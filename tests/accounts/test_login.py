import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import email_verification_token
from tests.factories import (
    ExpertUserFactory,
    ManagerFactory,
    OfficerFactory,
    PartnerUserFactory,
    UserFactory,
)
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

ROLE_HOMES = [
    (PartnerUserFactory, "/partner/"),
    (ExpertUserFactory, "/expert/"),
    (OfficerFactory, "/staff/requests/"),
    (ManagerFactory, "/staff/requests/"),
]


@pytest.mark.parametrize(("factory", "home"), ROLE_HOMES)
def test_login_leads_each_role_to_its_home(client, factory, home):
    user = factory()

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200
    assert response.context["user"] == user


def test_login_accepts_email_in_any_case(client):
    user = UserFactory(email="focal.point@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "Focal.Point@Example.ORG", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gives_the_same_message_as_an_unknown_account(client):
    UserFactory(email="known@example.org")
    url = reverse("accounts:login")

    wrong_password = client.post(url, {"username": "known@example.org", "password": "nope-nope"})
    unknown_account = client.post(url, {"username": "nobody@example.org", "password": "nope-nope"})

    assert wrong_password.status_code == unknown_account.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_account.context["form"].non_field_errors()
    )
    assert "do not match" in str(wrong_password.context["form"].non_field_errors())


def test_unverified_account_is_asked_to_confirm_its_email(client):
    user = UserFactory(email_verified=False)

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "confirm your e-mail address" in str(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("factory", "other_home"),
    [
        (PartnerUserFactory, "/staff/"),
        (ExpertUserFactory, "/partner/"),
        (OfficerFactory, "/expert/"),
    ],
)
def test_a_role_home_of_another_audience_is_not_found(client, factory, other_home):
    client.force_login(factory())

    assert client.get(other_home).status_code == 404


def test_anonymous_visitor_is_sent_to_login_from_a_role_home(client):
    response = client.get("/partner/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(OfficerFactory())

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_manager_reaches_the_admin_and_an_officer_does_not(client):
    client.force_login(ManagerFactory())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/reference/country/").status_code == 200

    client.force_login(OfficerFactory())
    assert client.get("/admin/").status_code == 302


def test_registration_sends_a_link_that_verifies_and_logs_in(client):
    response = client.post(
        reverse("accounts:register_partner"),
        {
            "full_name": "Jelena Petrović",
            "email": "Jelena@Example.ME",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )

    assert response.status_code == 200
    user = User.objects.get(email="jelena@example.me")
    assert (user.role, user.email_verified) == (Role.PARTNER, False)
    assert len(mail.outbox) == 1
    # The token is timestamped: take the link from the message rather than rebuild it.
    link = re.search(r"/accounts/verify/[^/\s]+/", mail.outbox[0].body).group(0)

    response = client.get(link, follow=True)

    user.refresh_from_db()
    assert user.email_verified is True
    assert response.redirect_chain[-1][0] == "/partner/"


def test_registration_with_a_known_address_reveals_nothing_and_warns_the_owner(client):
    UserFactory(email="taken@example.org")

    response = client.post(
        reverse("accounts:register_expert"),
        {
            "full_name": "Someone Else",
            "email": "taken@example.org",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )

    assert response.status_code == 200
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]


def test_registration_refuses_a_weak_or_mismatched_password(client):
    url = reverse("accounts:register_partner")
    base = {"full_name": "Ana Kovač", "email": "ana@example.org"}

    weak = client.post(url, {**base, "password1": "12345678", "password2": "12345678"})
    mismatched = client.post(
        url, {**base, "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-2"}
    )

    assert weak.context["form"].errors["password1"]
    assert mismatched.context["form"].errors["password2"] == ["The two passwords differ."]
    assert not User.objects.filter(email="ana@example.org").exists()


def test_tampered_verification_link_is_refused(client):
    user = UserFactory(email_verified=False)
    token = email_verification_token(user)

    response = client.get(reverse("accounts:verify_email", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified is False


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="forgot@example.org")

    client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-fresh-passphrase-2026",
            "new_password2": "a-fresh-passphrase-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-fresh-passphrase-2026")


def test_expired_form_shows_a_friendly_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "a@b.c", "password": "x"})

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
