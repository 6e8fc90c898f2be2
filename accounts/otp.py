"""Two-step login for programme staff, on django-otp's TOTP devices (authenticator apps).

A staff user adds an authenticator app from the two-step page: the portal keeps an unconfirmed
device, shows its secret, and confirms it with the first code the app gives. From then on the
password alone no longer logs that user in: the password step leaves a *pending login* in the
session (``pending_login_start``), and only a valid code turns it into a login
(``pending_login_finish``). Staff without a confirmed device log in with their password as before.
"""

import time
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_record_create

from .models import User

PENDING_LOGIN_SESSION_KEY = "accounts_pending_login"
# The code must follow the password within this many seconds.
PENDING_LOGIN_MAX_AGE = 5 * 60


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def needs_second_step(user: User) -> bool:
    return user.is_programme_staff and totp_device_confirmed(user) is not None


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, made on the first visit and kept until it is confirmed, so
    that reloading the page does not change the secret already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_code_svg(device: TOTPDevice) -> SafeString:
    # qrcode draws the otpauth:// URI as one SVG path: markup we generate, with no text in it.
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))


def totp_confirm(*, device: TOTPDevice, actor: User) -> TOTPDevice:
    """Confirm an enrolled device (its code was checked by ``TokenForm``) and remove any other
    device of the user, so that one authenticator app is in use at a time."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record_create(target=device.user, actor=actor, action="two_step_enabled")
    return device


def totp_disable(*, user: User, actor: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record_create(target=user, actor=actor, action="two_step_disabled")


@dataclass(frozen=True)
class PendingLogin:
    user: User
    device: TOTPDevice
    backend: str
    redirect_to: str


def pending_login_start(request: HttpRequest, *, user: User, redirect_to: str) -> None:
    """The password was right: remember who is logging in, not yet logged in."""
    request.session[PENDING_LOGIN_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "redirect_to": redirect_to,
        "started": time.time(),
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The login waiting for its code, or None when there is none or it is too old."""
    data = request.session.get(PENDING_LOGIN_SESSION_KEY)
    if not data or time.time() - data["started"] > PENDING_LOGIN_MAX_AGE:
        request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    device = totp_device_confirmed(user) if user is not None else None
    if device is None:
        request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
        return None
    return PendingLogin(
        user=user, device=device, backend=data["backend"], redirect_to=data["redirect_to"]
    )


def pending_login_finish(request: HttpRequest, *, pending: PendingLogin) -> None:
    """The code was right (``TokenForm``): log the user in, verified by the device."""
    request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
    # django-otp's user_logged_in receiver records the device in the session.
    pending.user.otp_device = pending.device
    login(request, pending.user, backend=pending.backend)
