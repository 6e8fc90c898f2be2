"""Programme staff pages: plan missions, invite experts, follow answers, review reports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_programme_staff
from audit.statemachine import TransitionNotAllowed
from cooperation.selectors import actions_visible_to

from .. import services
from ..filters import MissionFilter
from ..forms import CommentForm, InviteForm, MissionForm, ReviewForm, WithdrawForm
from ..models import Invitation, Mission, MissionStatus
from ..selectors import (
    mission_confirmed_invitations,
    mission_feedback,
    mission_invitations,
    mission_reports,
    mission_shortlist,
    mission_shortlist_entries,
    missions_list,
    missions_visible_to,
    reports_visible_to,
)
from ..timeline import mission_timeline
from ..transitions import MISSION_MACHINE, REPORT_MACHINE

PAGE_SIZE = 25

staff_only = role_required(is_programme_staff)


def _mission(request, pk: int) -> Mission:
    return get_object_or_404(
        missions_visible_to(request.user)
        .select_related("action__assigned_officer", "country", "created_by")
        .prefetch_related("languages", "themes", "action__institutions"),
        pk=pk,
    )


@staff_only
def mission_list(request):
    filterset = MissionFilter(request.GET, queryset=missions_list(request.user), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/staff/mission_list.html",
        {"filter": filterset, "page_obj": page, "missions": page.object_list},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def mission_create(request, action_id: int):
    action = get_object_or_404(actions_visible_to(request.user), pk=action_id)
    form = MissionForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        mission = services.mission_create(
            action=action,
            actor=request.user,
            fields=form.plan_fields(),
            languages=form.cleaned_data["languages"],
            themes=form.cleaned_data["themes"],
        )
        messages.success(
            request,
            _("Mission %(reference)s is saved as a draft; matching is looking for experts.")
            % {"reference": mission.reference},
        )
        return redirect("missions:staff_mission", pk=mission.pk)
    return render(request, "missions/staff/mission_form.html", {"form": form, "action": action})


@staff_only
@require_http_methods(["GET", "POST"])
def mission_edit(request, pk: int):
    mission = _mission(request, pk)
    form = MissionForm(request.POST or None, instance=mission, action=mission.action)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(
                mission=mission,
                actor=request.user,
                fields=form.plan_fields(),
                languages=form.cleaned_data["languages"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mission is updated."))
            return redirect("missions:staff_mission", pk=mission.pk)
    return render(
        request,
        "missions/staff/mission_form.html",
        {"form": form, "action": mission.action, "mission": mission},
    )


@staff_only
def mission_detail(request, pk: int):
    mission = _mission(request, pk)
    return render(
        request,
        "missions/staff/mission_detail.html",
        {
            "mission": mission,
            "transitions": MISSION_MACHINE.available(mission, request.user),
            "comment_form": CommentForm(),
            "editable": mission.status in services.EDITABLE_STATES,
            "shortlist": mission_shortlist(mission),
            "reports": mission_reports(mission),
            "feedback": mission_feedback(mission),
            "timeline": mission_timeline(mission),
            **_invitations_context(mission),
        },
    )


def _invitations_context(mission: Mission) -> dict:
    return {
        "mission": mission,
        "invitations": mission_invitations(mission),
        "accepted_count": mission_confirmed_invitations(mission).count(),
        "releasable": mission.status in (MissionStatus.RECRUITING, MissionStatus.STAFFED),
    }


@staff_only
@require_POST
def mission_transition(request, pk: int, name: str):
    mission = _mission(request, pk)
    if name not in MISSION_MACHINE.transitions:
        raise Http404
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        mission = services.mission_transition(
            mission=mission, name=name, actor=request.user, comment=comment
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The mission is now “%(status)s”.") % {"status": mission.get_status_display()},
        )
    return redirect("missions:staff_mission", pk=pk)


@staff_only
@require_http_methods(["GET", "POST"])
def mission_invite(request, pk: int):
    mission = _mission(request, pk)
    entries = mission_shortlist_entries(mission)
    form = InviteForm(
        request.POST or None,
        mission=mission,
        entries=entries.filter(invitation_status__isnull=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.invitations_send(
                mission=mission,
                entries=form.cleaned_data["entries"],
                deadline=form.cleaned_data["deadline"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("%(count)s expert(s) invited: %(names)s.")
                % {
                    "count": len(invited),
                    "names": ", ".join(i.expert.user.full_name for i in invited),
                },
            )
            return redirect("missions:staff_mission", pk=mission.pk)
    return render(
        request,
        "missions/staff/invite.html",
        {
            "mission": mission,
            "form": form,
            "checked": form.checked_entries(),
            "shortlist": mission_shortlist(mission),
            "entries": entries,
            "recruiting": mission.status == MissionStatus.RECRUITING,
        },
    )


@staff_only
@require_POST
def invitation_withdraw(request, pk: int):
    invitation = get_object_or_404(
        Invitation.objects.filter(mission__in=missions_visible_to(request.user)).select_related(
            "expert__user", "mission"
        ),
        pk=pk,
    )
    mission = invitation.mission
    form = WithdrawForm(request.POST)
    outcome, ok = _("The form was not valid."), False
    if form.is_valid():
        try:
            services.invitation_withdraw(
                invitation=invitation, actor=request.user, message=form.cleaned_data["message"]
            )
        except TransitionNotAllowed as refusal:
            outcome = refusal.message
        else:
            outcome, ok = (
                _("%(expert)s's invitation is withdrawn.")
                % {"expert": invitation.expert.user.full_name},
                True,
            )
    if request.htmx:
        mission.refresh_from_db()
        return render(
            request,
            "missions/partials/staff_invitations.html",
            {**_invitations_context(mission), "outcome": outcome, "outcome_ok": ok, "oob": True},
        )
    (messages.success if ok else messages.error)(request, outcome)
    return redirect("missions:staff_mission", pk=mission.pk)


@staff_only
@require_http_methods(["GET", "POST"])
def report_review(request, pk: int):
    report = get_object_or_404(
        reports_visible_to(request.user).select_related(
            "mission__action", "expert__user", "reviewed_by"
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.report_review(
                report=report,
                actor=request.user,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The report is accepted.")
                if accept
                else _("The report is returned to the expert with your comments."),
            )
            return redirect("missions:staff_mission", pk=report.mission_id)
    return render(
        request,
        "missions/staff/report_review.html",
        {
            "report": report,
            "mission": report.mission,
            "attachments": report.attachments.order_by("uploaded_at"),
            "form": form,
            "reviewable": bool(REPORT_MACHINE.available(report, request.user)),
        },
    )
