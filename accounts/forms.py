from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import verify_token as otp_verify_token


def login_username(request, credentials: dict | None) -> str:
    """The e-mail address of a login attempt as django-axes counts it: the way the login form
    reads it, so that changing its case or spacing does not buy more attempts."""
    source = credentials if credentials is not None else request.POST
    return (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


class LoginForm(AuthenticationForm):
    """E-mail and password. A wrong password never says whether the account exists, and neither
    does the lockout after too many of them (django-axes counts every address alike)."""

    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match. Check them and try again."
        ),
        "inactive": _("This account is not active. Contact the programme team."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("E-mail address")
        username.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": username.max_length}
        )
        # Django sets the length only on the widget: refuse longer input before it reaches the
        # database (and django-axes' record of the attempt).
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self) -> dict:
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(self.locked_out_message(), code="locked_out") from None
            raise

    @staticmethod
    def locked_out_message() -> str:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return ngettext(
            "Too many failed attempts to log in with this e-mail address. "
            "Wait %(minutes)d minute, then try again.",
            "Too many failed attempts to log in with this e-mail address. "
            "Wait %(minutes)d minutes, then try again.",
            minutes,
        ) % {"minutes": minutes}

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Please confirm your e-mail address first: open the link we sent you."),
                    reverse("accounts:resend_verification"),
                    _("Send the link again"),
                ),
                code="unverified",
            )


class TokenForm(forms.Form):
    """The six-digit code of the user's authenticator app, checked against ``device``.

    django-otp slows down guessing: after each wrong code the device refuses codes for a while.
    """

    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes. Wait a minute, then enter the current code."),
                code="throttled",
            )
        if otp_verify_token(self.device.user, self.device.persistent_id, token) is None:
            raise ValidationError(
                _("That code is not right, or it has expired. Enter the current code."),
                code="invalid_token",
            )
        return token


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            from .models import User

            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
