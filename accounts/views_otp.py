"""Logging in with a second step, and the page where staff add or remove an authenticator app."""

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import otp
from .decorators import role_required
from .forms import LoginForm, TokenForm
from .rules import is_programme_staff


class LoginView(auth_views.LoginView):
    """E-mail and password; staff with an authenticator app then give its code."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not otp.needs_second_step(user):
            return super().form_valid(form)
        otp.pending_login_start(self.request, user=user, redirect_to=self.get_success_url())
        return redirect("accounts:login_verify")


@require_http_methods(["GET", "POST"])
def login_verify(request):
    """The second step: the code of the authenticator app of the user whose password was right."""
    pending = otp.pending_login(request)
    if pending is None:
        messages.info(
            request, _("Please log in again: the code must follow the password within minutes.")
        )
        return redirect("accounts:login")
    form = TokenForm(request.POST or None, device=pending.device)
    if request.method == "POST" and form.is_valid():
        otp.pending_login_finish(request, pending=pending)
        return redirect(pending.redirect_to)
    return render(request, "accounts/otp/login_verify.html", {"form": form})


def _two_step_page(request, *, form: TokenForm):
    """The two-step page: to add an app when ``form.device`` is unconfirmed, else to remove it."""
    context = {"form": form, "device": form.device}
    if not form.device.confirmed:
        context.update(
            secret=otp.totp_secret(form.device), qr_code=otp.totp_qr_code_svg(form.device)
        )
    return render(request, "accounts/otp/two_step.html", context)


@role_required(is_programme_staff)
@require_http_methods(["GET", "POST"])
def two_step(request):
    """Add an authenticator app (staff): scan the code, then confirm with the first code."""
    device = otp.totp_device_confirmed(request.user)
    if device is not None:
        return _two_step_page(request, form=TokenForm(device=device, prefix="disable"))
    device = otp.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp.totp_confirm(device=device, actor=request.user)
        django_otp.login(request, device)
        messages.success(
            request, _("Two-step login is on: from now on you log in with a code from the app.")
        )
        return redirect("accounts:two_step")
    return _two_step_page(request, form=form)


@role_required(is_programme_staff)
@require_POST
def two_step_disable(request):
    """Remove the authenticator app, after one last code from it."""
    device = otp.totp_device_confirmed(request.user)
    if device is None:
        return redirect("accounts:two_step")
    form = TokenForm(request.POST, device=device, prefix="disable")
    if not form.is_valid():
        return _two_step_page(request, form=form)
    otp.totp_disable(user=request.user, actor=request.user)
    messages.success(request, _("Two-step login is off: you log in with your password alone."))
    return redirect("accounts:two_step")
