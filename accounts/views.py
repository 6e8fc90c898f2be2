from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import RegistrationForm, ResendVerificationForm
from .models import Role

# Each role's home page, by URL name, so that this lowest app imports none of the apps above it.
ROLE_HOME_URL_NAMES = {
    Role.PARTNER: "partners:home",
    Role.EXPERT: "experts:home",
    Role.OFFICER: "cooperation:staff_home",
    Role.MANAGER: "cooperation:staff_home",
}


@login_required
def home(request):
    return redirect(ROLE_HOME_URL_NAMES[request.user.role])


def login_locked_out(request, response, credentials):
    """django-axes refused a login (``AXES_LOCKOUT_CALLABLE``): the login page already says why
    (``LoginForm.locked_out_message``); answer it as 429 Too Many Requests."""
    response.status_code = 429
    return response


@require_http_methods(["GET", "POST"])
def register(request, role: str):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_register(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            role=role,
        )
        return render(request, "accounts/register_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/register.html", {"form": form, "role": Role(role)})


def verify_email(request, token: str):
    try:
        user = services.user_verify_email(token=token)
    except services.InvalidVerificationLink:
        return render(request, "accounts/verify_email_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    return redirect("accounts:home")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_email_verification(email=form.cleaned_data["email"])
        return render(request, "accounts/register_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/resend_verification.html", {"form": form})
