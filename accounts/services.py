"""Writes for accounts: registration and e-mail verification."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Role, User

VERIFY_EMAIL_SALT = "accounts.verify-email"
VERIFY_EMAIL_MAX_AGE = 3 * 24 * 60 * 60  # three days
SELF_REGISTERING_ROLES = (Role.PARTNER, Role.EXPERT)


class InvalidVerificationLink(Exception):
    """The link was tampered with, has expired or belongs to an account that no longer exists."""


def absolute_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_EMAIL_SALT)


def _send_account_mail(*, user_email: str, template: str, context: dict) -> None:
    context = {"portal_name": settings.PORTAL_NAME, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, [user_email])


def send_email_verification(*, user: User) -> None:
    path = reverse("accounts:verify_email", kwargs={"token": email_verification_token(user)})
    _send_account_mail(
        user_email=user.email,
        template="verify_email",
        context={"user": user, "verify_url": absolute_url(path)},
    )


def user_register(*, email: str, full_name: str, password: str, role: str) -> User | None:
    """Create a self-registered account and send the verification link.

    An address already in use gets a notice instead of a second account, and the caller learns
    nothing either way, so the sign-up form does not reveal who is registered.
    """
    if role not in SELF_REGISTERING_ROLES:
        raise ValueError(f"Role {role!r} cannot register itself.")
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _send_account_mail(
            user_email=existing.email,
            template="already_registered",
            context={
                "user": existing,
                "login_url": absolute_url(reverse("accounts:login")),
                "reset_url": absolute_url(reverse("accounts:password_reset")),
            },
        )
        return None
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, role=role
        )
    send_email_verification(user=user)
    return user


def user_verify_email(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=VERIFY_EMAIL_SALT, max_age=VERIFY_EMAIL_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise InvalidVerificationLink from error
    user = User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()
    if user is None:
        raise InvalidVerificationLink
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


def resend_email_verification(*, email: str) -> None:
    user = User.objects.filter(email__iexact=email, email_verified=False, is_active=True).first()
    if user is not None:
        send_email_verification(user=user)
