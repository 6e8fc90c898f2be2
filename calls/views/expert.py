"""Expert pages: apply to a position, follow and withdraw one's applications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_expert
from audit.statemachine import TransitionNotAllowed
from experts.rules import is_approved_expert

from .. import services
from ..forms import ApplicationForm
from ..models import ApplicationStatus, Position
from ..selectors import applications_of, expert_of

PAGE_SIZE = 25

experts_only = role_required(is_expert)


@experts_only
@require_http_methods(["GET", "POST"])
def position_apply(request, pk: int):
    position = get_object_or_404(
        Position.objects.exclude(call__status="draft").select_related(
            "call__mission__action", "call__mission__country", "theme"
        ),
        pk=pk,
    )
    if not is_approved_expert(request.user):
        messages.info(
            request,
            _(
                "Only approved roster experts can apply to calls. Complete your profile and "
                "submit it for vetting first; the call stays open until its deadline."
            ),
        )
        return redirect("experts:profile")
    expert = expert_of(request.user)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                position=position,
                expert=expert,
                actor=request.user,
                motivation=form.cleaned_data["motivation"],
                availability_confirmed=form.cleaned_data["availability_confirmed"],
            )
        except TransitionNotAllowed as refusal:
            mine = applications_of(request.user).filter(
                position=position, status=ApplicationStatus.SUBMITTED
            )
            if mine.exists():  # A second click: the first one went through.
                messages.info(request, _("Your application has been received already."))
                return redirect("calls:my_applications")
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Your application is sent. Staff will see it on the mission's shortlist."),
            )
            return redirect("calls:my_applications")
    refusal = None
    if request.method == "GET":
        refusal = services.application_refusal(position=position, expert=expert)
    return render(
        request,
        "calls/expert/apply.html",
        {
            "position": position,
            "call": position.call,
            "mission": position.call.mission,
            "form": form,
            "refusal": refusal,
        },
    )


@experts_only
def my_applications(request):
    applications = applications_of(request.user).order_by("-created_at", "-pk")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/expert/applications.html",
        {"page_obj": page, "applications": page.object_list},
    )


@experts_only
@require_POST
def application_withdraw(request, pk: int):
    application = get_object_or_404(
        applications_of(request.user).select_related("expert", "call"), pk=pk
    )
    try:
        services.application_withdraw(application=application, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("calls:my_applications")
