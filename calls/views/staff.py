"""Programme staff pages: publish a mission's open positions as a call, follow applications."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from audit.statemachine import TransitionNotAllowed
from experts.shortlists import shortlist_of
from missions.selectors import missions_visible_to

from .. import services
from ..filters import CallFilter
from ..forms import CallForm, CommentForm, PositionForm
from ..models import Call, CallStatus, Position
from ..rules import can_manage_calls
from ..selectors import call_applications, call_positions, calls_for_staff
from ..transitions import CALL_MACHINE

PAGE_SIZE = 25

staff_only = role_required(can_manage_calls)


def _call(request, pk: int) -> Call:
    return get_object_or_404(calls_for_staff(), pk=pk)


@staff_only
def call_list(request):
    filterset = CallFilter(
        request.GET, queryset=calls_for_staff().order_by("-created_at", "-pk"), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/staff/list.html",
        {"filter": filterset, "page_obj": page, "calls": page.object_list},
    )


def _call_form_page(request, *, mission, call: Call | None, save, success: str):
    """The call form (new or draft): ``save(deadline=, introduction=)`` returns the call."""
    initial = (
        {"deadline": timezone.localdate(call.deadline), "introduction": call.introduction}
        if call
        else None
    )
    form = CallForm(request.POST or None, mission=mission, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(
                actor=request.user,
                deadline=form.cleaned_data["deadline"],
                introduction=form.cleaned_data["introduction"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            next_page = "calls:staff_detail" if call else "calls:staff_position_add"
            return redirect(next_page, pk=saved.pk)
    context = {"form": form, "mission": mission, "call": call}
    return render(request, "calls/staff/call_form.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def call_create(request, mission_id: int):
    mission = get_object_or_404(missions_visible_to(request.user), pk=mission_id)
    existing = Call.objects.filter(mission=mission).first()
    if existing:
        return redirect("calls:staff_detail", pk=existing.pk)
    return _call_form_page(
        request,
        mission=mission,
        call=None,
        save=partial(services.call_create, mission=mission),
        success=_("The call is saved as a draft: add its positions."),
    )


@staff_only
@require_http_methods(["GET", "POST"])
def call_edit(request, pk: int):
    call = _call(request, pk)
    return _call_form_page(
        request,
        mission=call.mission,
        call=call,
        save=partial(services.call_update, call=call),
        success=_("The draft call is saved."),
    )


@staff_only
def call_detail(request, pk: int):
    call = _call(request, pk)
    return render(
        request,
        "calls/staff/detail.html",
        {
            "call": call,
            "mission": call.mission,
            "positions": call_positions(call),
            "applications": call_applications(call),
            "transitions": CALL_MACHINE.available(call, request.user),
            "comment_form": CommentForm(),
            "draft": call.status == CallStatus.DRAFT,
            "shortlist": shortlist_of(call.mission),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def position_add(request, pk: int):
    call = _call(request, pk)
    form = PositionForm(request.POST or None, mission=call.mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_add(
                call=call,
                actor=request.user,
                fields=form.position_fields(),
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The position is added."))
            return redirect("calls:staff_detail", pk=call.pk)
    return render(
        request,
        "calls/staff/position_form.html",
        {"form": form, "call": call, "mission": call.mission},
    )


@staff_only
@require_POST
def position_remove(request, pk: int):
    position = get_object_or_404(Position.objects.select_related("call__mission"), pk=pk)
    try:
        services.position_remove(position=position, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The position is removed."))
    return redirect("calls:staff_detail", pk=position.call_id)


@staff_only
@require_POST
def call_transition(request, pk: int, name: str):
    call = _call(request, pk)
    if name not in CALL_MACHINE.transitions:
        raise Http404
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        call = services.call_transition(call=call, name=name, actor=request.user, comment=comment)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The call is now “%(status)s”.") % {"status": call.get_status_display()}
        )
    return redirect("calls:staff_detail", pk=pk)
