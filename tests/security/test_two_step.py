"""Two-step login for programme staff (django-otp TOTP): optional, and once on, the password
alone no longer opens a session."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from audit.models import AuditRecord
from tests.factories import ExpertUserFactory, ManagerFactory, OfficerFactory, PartnerUserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:login_verify")
TWO_STEP = reverse("accounts:two_step")
STAFF_PAGE = reverse("audit:record_list")


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The app's current code (or the one ``steps_ahead`` periods later: each code works once)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{value:0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def log_in_with_password(client, user, next_url: str = ""):
    data = {"username": user.email, "password": PASSWORD}
    return client.post(f"{LOGIN}?next={next_url}" if next_url else LOGIN, data)


def test_staff_without_an_app_log_in_with_the_password_alone(client):
    officer = OfficerFactory()

    response = log_in_with_password(client, officer)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_password_of_staff_with_an_app_leads_to_the_code_step_without_a_session(client):
    manager = ManagerFactory()
    confirmed_device(manager)

    response = log_in_with_password(client, manager)

    assert (response.status_code, response["Location"]) == (302, VERIFY)
    assert "_auth_user_id" not in client.session
    assert client.get(STAFF_PAGE)["Location"].startswith(LOGIN)


def test_the_right_code_logs_in_verified_and_goes_on_to_the_next_page(client):
    manager = ManagerFactory()
    device = confirmed_device(manager)
    log_in_with_password(client, manager, next_url=STAFF_PAGE)

    response = client.post(VERIFY, {"token": code(device)})

    assert (response.status_code, response["Location"]) == (302, STAFF_PAGE)
    assert client.session["_auth_user_id"] == str(manager.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(STAFF_PAGE).status_code == 200


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(client):
    officer = OfficerFactory()
    device = confirmed_device(officer)
    log_in_with_password(client, officer)

    wrong = client.post(VERIFY, {"token": "000000" if code(device) != "000000" else "111111"})
    right_too_soon = client.post(VERIFY, {"token": code(device)})

    assert wrong.context["form"].errors["token"] == [
        "That code is not right, or it has expired. Enter the current code."
    ]
    assert right_too_soon.context["form"].errors["token"] == [
        "Too many wrong codes. Wait a minute, then enter the current code."
    ]
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_twice(client):
    officer = OfficerFactory()
    device = confirmed_device(officer)
    log_in_with_password(client, officer)
    client.post(VERIFY, {"token": code(device)})
    client.logout()
    log_in_with_password(client, officer)

    replay = client.post(VERIFY, {"token": code(device)})

    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client):
    officer = OfficerFactory()
    device = confirmed_device(officer)
    log_in_with_password(client, officer)
    session = client.session
    session[otp.PENDING_LOGIN_SESSION_KEY]["started"] -= otp.PENDING_LOGIN_MAX_AGE + 1
    session.save()

    response = client.post(VERIFY, {"token": code(device)})

    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_first_leads_back_to_login(client):
    response = client.get(VERIFY)

    assert (response.status_code, response["Location"]) == (302, LOGIN)


def test_staff_add_an_app_by_confirming_its_first_code(client):
    officer = OfficerFactory()
    client.force_login(officer)

    page = client.get(TWO_STEP)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(TWO_STEP, {"token": code(device)})

    assert page.status_code == 200
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert b"<svg" in page.content
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert otp.needs_second_step(officer) is True
    assert list(AuditRecord.objects.values_list("action", "actor", "object_id")) == [
        ("two_step_enabled", officer.pk, str(officer.pk))
    ]


def test_reloading_the_page_keeps_the_secret_already_scanned(client):
    client.force_login(OfficerFactory())

    first = client.get(TWO_STEP).context["secret"]
    second = client.get(TWO_STEP).context["secret"]

    assert first == second


def test_a_wrong_first_code_leaves_two_step_login_off(client):
    officer = OfficerFactory()
    client.force_login(officer)
    client.get(TWO_STEP)

    response = client.post(TWO_STEP, {"token": "12345x"})

    assert response.status_code == 200
    assert otp.needs_second_step(officer) is False


def test_removing_the_app_takes_a_current_code(client):
    manager = ManagerFactory()
    device = confirmed_device(manager)
    client.force_login(manager)
    remove = reverse("accounts:two_step_disable")

    refused = client.post(remove, {"disable-token": "not-a-code"})
    removed = client.post(remove, {"disable-token": code(device)})

    assert refused.status_code == 200
    assert removed.status_code == 302
    assert TOTPDevice.objects.filter(user=manager).exists() is False
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["two_step_disabled"]


@pytest.mark.parametrize("factory", [PartnerUserFactory, ExpertUserFactory])
def test_two_step_page_does_not_exist_for_partners_and_experts(client, factory):
    client.force_login(factory())

    assert client.get(TWO_STEP).status_code == 404
    assert client.post(reverse("accounts:two_step_disable")).status_code == 404
