"""Expert pages: invitations (in the portal and from the e-mail links) and mission reports."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_expert
from accounts.signed_links import SignedLinkError
from audit.statemachine import TransitionNotAllowed

from .. import services
from ..filters import InvitationFilter
from ..forms import DeclineForm, ReportForm
from ..models import Invitation, MissionStatus, ReportAttachment
from ..rules import can_answer_invitation, can_write_report
from ..selectors import invitations_of, mission_confirmed_invitations, missions_visible_to
from ..tokens import ACCEPT, ANSWERS, DECLINE, invitation_from_token
from ..transitions import INVITATION_MACHINE

PAGE_SIZE = 25

expert_only = role_required(is_expert)


@expert_only
def invitation_list(request):
    filterset = InvitationFilter(
        request.GET, queryset=invitations_of(request.user).order_by("-mission__start_date", "-pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/expert/invitation_list.html",
        {"filter": filterset, "page_obj": page, "invitations": page.object_list},
    )


def _refusal(invitation: Invitation, answer: str, user) -> str | None:
    """Why the expert cannot give this answer now (shown before they try), or None."""
    try:
        INVITATION_MACHINE.check(invitation, answer, user)
    except TransitionNotAllowed as refusal:
        return refusal.message
    return None


def _invitation_context(request, invitation: Invitation, **extra) -> dict:
    mission = invitation.mission
    return {
        "invitation": invitation,
        "mission": mission,
        "confirmed": mission_confirmed_invitations(mission),
        "accept_refusal": _refusal(invitation, ACCEPT, request.user),
        "decline_refusal": _refusal(invitation, DECLINE, request.user),
        "decline_form": DeclineForm(),
        **extra,
    }


@expert_only
def invitation_detail(request, pk: int):
    invitation = get_object_or_404(invitations_of(request.user), pk=pk)
    return render(
        request,
        "missions/expert/invitation_detail.html",
        _invitation_context(request, invitation),
    )


def _answer(request, invitation: Invitation, answer: str):
    """Apply the expert's answer; on success, the redirect to the invitation page, else None
    (the refusal is in the messages or the form, and nothing has changed)."""
    if answer == ACCEPT:
        try:
            services.invitation_accept(invitation=invitation, actor=request.user)
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal.message)
            return None
        messages.success(
            request,
            _("Thank you: you have accepted %(mission)s.") % {"mission": invitation.mission.title},
        )
        return redirect("missions:expert_invitation", pk=invitation.pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return form
    try:
        services.invitation_decline(
            invitation=invitation, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
        return None
    messages.success(
        request,
        _("You have declined %(mission)s. Thank you for letting us know.")
        % {"mission": invitation.mission.title},
    )
    return redirect("missions:expert_invitation", pk=invitation.pk)


@expert_only
@require_POST
def invitation_answer(request, pk: int, answer: str):
    if answer not in ANSWERS:
        raise Http404
    invitation = get_object_or_404(invitations_of(request.user), pk=pk)
    result = _answer(request, invitation, answer)
    if isinstance(result, DeclineForm):
        return render(
            request,
            "missions/expert/invitation_detail.html",
            _invitation_context(request, invitation, decline_form=result),
            status=400,
        )
    return result or redirect("missions:expert_invitation", pk=invitation.pk)


@require_http_methods(["GET", "POST"])
def invitation_link(request, token: str, answer: str):
    """The accept or decline link of the invitation e-mail: a clear page if the link cannot be
    used; otherwise, once the right expert is logged in, a page to confirm the answer."""
    try:
        invitation = invitation_from_token(token, answer)
    except SignedLinkError as error:
        return render(
            request,
            "missions/expert/invitation_link_invalid.html",
            {"message": error.message},
            status=error.status,
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_answer_invitation(request.user, invitation):
        raise Http404
    form = DeclineForm()
    if request.method == "POST":
        result = _answer(request, invitation, answer)
        if result is not None and not isinstance(result, DeclineForm):
            return result
        form = result or form
    return render(
        request,
        "missions/expert/invitation_link.html",
        {
            "invitation": invitation,
            "mission": invitation.mission,
            "answer": answer,
            "form": form,
            "refusal": _refusal(invitation, answer, request.user),
        },
    )


def _own_mission(request, pk: int):
    return get_object_or_404(
        missions_visible_to(request.user).select_related("action", "country"), pk=pk
    )


@expert_only
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    """The expert's report on a mission they take part in (another mission answers 404)."""
    mission = _own_mission(request, pk)
    expert = request.user.expert_profile
    report = services.report_for(mission=mission, expert=expert)
    editable = can_write_report(request.user, report)
    form = ReportForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and editable and form.is_valid():
        try:
            report = services.report_save(
                mission=mission,
                expert=expert,
                actor=request.user,
                sections=form.sections(),
                attachments=form.cleaned_data["attachments"],
            )
            if "submit" in request.POST:
                services.report_submit(report=report, actor=request.user)
                messages.success(request, _("Your report is submitted. Thank you."))
            else:
                messages.success(request, _("Your draft is saved."))
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal.message)
        return redirect("missions:expert_report", pk=mission.pk)
    return render(
        request,
        "missions/expert/report_form.html",
        {
            "mission": mission,
            "report": report,
            "form": form,
            "editable": editable,
            "not_started": mission.status in (MissionStatus.RECRUITING, MissionStatus.STAFFED),
            "attachments": report.attachments.order_by("uploaded_at") if report.pk else [],
        },
    )


@expert_only
@require_POST
def report_attachment_delete(request, pk: int):
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(report__expert__user=request.user).select_related(
            "report__mission", "report__expert"
        ),
        pk=pk,
    )
    try:
        services.report_attachment_delete(attachment=attachment, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
    return redirect("missions:expert_report", pk=attachment.report.mission_id)
