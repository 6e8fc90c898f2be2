"""Actions: created by staff from an accepted request, planned and followed by staff, read by the
partner institutions taking part."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_partner
from audit.statemachine import TransitionNotAllowed
from uploads.responses import attachment_response

from .. import services_staff
from ..exports import FORMATS, actions_dataset, dataset_response
from ..filters import ActionFilter
from ..forms_staff import (
    ActionDocumentForm,
    ActionTransitionForm,
    action_form_for_edit,
    action_form_for_request,
)
from ..models import Action, ActionDocument, Request, RequestStatus
from ..rules import can_manage_actions, can_view_action
from ..selectors import actions_visible_to
from ..selectors_staff import (
    action_timeline,
    action_with_plan,
    actions_for_staff,
    request_for_staff,
)
from ..transitions import ACTION_MACHINE
from .lists import paginate, sort_headers

staff_only = role_required(can_manage_actions)
partner_only = role_required(is_partner)
staff_or_partner = role_required(can_manage_actions | is_partner)


def _action_or_404(user, pk: int) -> Action:
    """An action the user may see (another institution's action does not exist for them)."""
    try:
        action = action_with_plan(actions_visible_to(user), pk)
    except Action.DoesNotExist as error:
        raise Http404 from error
    if not can_view_action(user, action):
        raise Http404
    return action


def _plan_fields(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in services_staff.ACTION_PLAN_FIELDS
        if name in form.cleaned_data
    }


# --- Staff: the list -----------------------------------------------------------------------------


@require_GET
@staff_only
def action_list(request):
    filterset = ActionFilter(request.GET, queryset=actions_for_staff(), request=request)
    columns = [
        (_("Reference"), "reference"),
        (_("Title"), "title"),
        (_("Partner institutions"), None),
        (_("Status"), "status"),
        (_("Officer"), "officer"),
        (_("Start"), "start"),
    ]
    context = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "headers": sort_headers(request, columns),
        "export_query": request.GET.urlencode(),
    }
    template = "cooperation/actions/action_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "cooperation/actions/partials/action_results.html"
    return render(request, template, context)


@require_GET
@staff_only
def actions_export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    filterset = ActionFilter(request.GET, queryset=Action.objects.all(), request=request)
    return dataset_response(
        actions_dataset(filterset.qs),
        file_format=file_format,
        name="actions",
        exported_by=request.user,
        filters=filterset.form.data.dict(),
    )


# --- Staff: creating and planning ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_only
def action_create(request, pk: int):
    """ "Create action" from an accepted request, prefilled from it."""
    try:
        origin = request_for_staff(pk)
    except Request.DoesNotExist as error:
        raise Http404 from error
    if origin.action_id is not None:
        messages.info(request, _("This request already has its action."))
        return redirect("cooperation:action_detail", pk=origin.action_id)
    if origin.status != RequestStatus.ACCEPTED:
        messages.error(request, _("Only an accepted request can become an action."))
        return redirect("cooperation:staff_request_detail", pk=origin.pk)
    form = action_form_for_request(origin, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services_staff.action_create_from_request(
                request=origin,
                actor=request.user,
                institutions=form.cleaned_data["institutions"],
                themes=form.cleaned_data["themes"],
                **_plan_fields(form),
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal.message)
            return redirect("cooperation:staff_request_detail", pk=origin.pk)
        messages.success(
            request, _("The action %(reference)s is created.") % {"reference": action.reference}
        )
        return redirect("cooperation:action_detail", pk=action.pk)
    return render(
        request,
        "cooperation/actions/action_form.html",
        {"form": form, "origin": origin},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_only
def action_edit(request, pk: int):
    action = _action_or_404(request.user, pk)
    form = action_form_for_edit(action, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services_staff.action_update(
            action=action,
            actor=request.user,
            themes=form.cleaned_data["themes"],
            **_plan_fields(form),
        )
        messages.success(request, _("The plan is saved."))
        return redirect("cooperation:action_detail", pk=action.pk)
    return render(
        request,
        "cooperation/actions/action_form.html",
        {"form": form, "action": action},
        status=400 if form.is_bound else 200,
    )


@require_POST
@staff_only
def action_transition(request, pk: int, transition: str):
    action = _action_or_404(request.user, pk)
    form = ActionTransitionForm(request.POST, prefix=transition)
    if form.is_valid():
        try:
            services_staff.action_transition(
                action=action,
                transition=transition,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                seen_status=form.cleaned_data["seen_status"],
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal.message)
        else:
            label = ACTION_MACHINE.transitions[transition].label
            messages.success(request, _("Done: “%(action)s”.") % {"action": label})
    else:
        messages.error(request, _("The comment is too long."))
    return redirect("cooperation:action_detail", pk=action.pk)


@require_POST
@staff_only
def action_document_upload(request, pk: int):
    action = _action_or_404(request.user, pk)
    form = ActionDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services_staff.action_document_add(
            action=action,
            actor=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("The document is added."))
        return redirect("cooperation:action_detail", pk=action.pk)
    return _render_staff_action(request, action, document_form=form, status=400)


# --- Both audiences: one action ------------------------------------------------------------------


def _render_staff_action(request, action: Action, *, document_form=None, status: int = 200):
    transitions = [
        {
            "transition": transition,
            "form": ActionTransitionForm(
                prefix=transition.name, initial={"seen_status": action.status}
            ),
        }
        for transition in ACTION_MACHINE.available(action, request.user)
    ]
    context = {
        "action": action,
        "missions": action.missions.order_by("number"),
        "timeline": action_timeline(action),
        "transitions": transitions,
        "document_form": document_form or ActionDocumentForm(),
    }
    return render(request, "cooperation/actions/action_detail.html", context, status=status)


@require_GET
@staff_or_partner
def action_detail(request, pk: int):
    """Staff plan and follow the action here; its partner institutions read it."""
    action = _action_or_404(request.user, pk)
    if can_manage_actions(request.user):
        return _render_staff_action(request, action)
    context = {
        "action": action,
        "missions": action.missions.order_by("number"),
        "timeline": action_timeline(action),
    }
    return render(request, "cooperation/actions/partner_action_detail.html", context)


@require_GET
@staff_or_partner
def action_document(request, pk: int, document_pk: int):
    action = _action_or_404(request.user, pk)
    document = get_object_or_404(ActionDocument, pk=document_pk, action=action)
    return attachment_response(
        document.file, name=document.original_name, content_type=document.content_type
    )


# --- Partners: their institutions' actions -------------------------------------------------------


@require_GET
@partner_only
def partner_action_list(request):
    actions = (
        actions_visible_to(request.user)
        .select_related("assigned_officer")
        .prefetch_related("institutions")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "cooperation/actions/partner_action_list.html",
        {"page_obj": paginate(request, actions)},
    )
