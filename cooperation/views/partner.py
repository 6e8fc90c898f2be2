"""Pages of partner users for their requests: the list, the form in sections, the review and
submission, the request page with its timeline and thread, attachments, withdrawal."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_partner
from audit.statemachine import TransitionNotAllowed
from partners.selectors import institutions_of
from reference.models import CapacityLevel
from uploads.responses import attachment_response

from .. import selectors_partner, services
from ..filters import PartnerRequestFilter
from ..forms import (
    ATTACHMENTS,
    SECTIONS,
    SECTIONS_BY_SLUG,
    AttachmentForm,
    MessageForm,
    RequestCreateForm,
    ResubmitForm,
    WithdrawForm,
    section_after,
)
from ..models import Request, RequestStatus
from ..rules import can_change_request_as_partner, can_write_to_staff_as_partner
from ..transitions import REQUEST_MACHINE

PAGE_SIZE = 20

partner_only = role_required(is_partner)


def _request_or_404(request, pk: int) -> Request:
    try:
        return selectors_partner.request_for_partner(request.user, pk)
    except Request.DoesNotExist as error:
        raise Http404 from error


def _refuse_change(request, obj: Request):
    """Back to the request page with the reason, when the user may not change it now."""
    refusal = services.request_change_refusal(request=obj, user=request.user)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return redirect("cooperation:partner_request_detail", pk=obj.pk)


@partner_only
@require_GET
def request_list(request):
    request_filter = PartnerRequestFilter(
        request.GET,
        queryset=selectors_partner.requests_for_partner(request.user),
        request=request,
    )
    page = Paginator(request_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/partner/request_list.html",
        {"filter": request_filter, "page_obj": page},
    )


@partner_only
@require_http_methods(["GET", "POST"])
def request_create(request):
    institutions = institutions_of(request.user).order_by("name")
    if not institutions:
        messages.info(
            request,
            _("Register your institution, or join it, before you prepare a request."),
        )
        return redirect("partners:home")
    form = RequestCreateForm(
        request.POST or None,
        institutions=institutions,
        initial={"institution": request.GET.get("institution") or institutions[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        draft = services.request_create_draft(
            user=request.user,
            institution=form.cleaned_data["institution"],
            title=form.cleaned_data["title"],
            token=form.cleaned_data["token"],
        )
        messages.success(
            request,
            _(
                "Your draft is saved. Fill in the sections in any order and save as you go; "
                "nothing is sent before you submit."
            ),
        )
        return redirect("cooperation:partner_request_section", pk=draft.pk, section="context")
    return render(
        request,
        "cooperation/partner/request_create.html",
        {
            "form": form,
            "sections": SECTIONS,
            "only_institution": institutions[0] if len(institutions) == 1 else None,
        },
    )


def _section_context(obj: Request, current=None, *, problems: dict | None = None) -> dict:
    """What the pages of the form share: the request, its sections (flagged when something
    stops submission) and the section being edited."""
    if problems is None:
        problems = services.request_submission_problems(request=obj)
    return {
        "req": obj,
        "problems": problems,
        "sections": [
            (section, any(name in problems for name in section.fields)) for section in SECTIONS
        ],
        "current": current,
        "next_section": section_after(current) if current else None,
    }


@partner_only
@require_http_methods(["GET", "POST"])
def request_section(request, pk: int, section: str):
    obj = _request_or_404(request, pk)
    current = SECTIONS_BY_SLUG.get(section)
    if current is None or current.form_class is None:
        raise Http404
    refused = _refuse_change(request, obj)
    if refused:
        return refused
    form = current.form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_update(
                request=obj,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in current.fields},
            )
        except services.RequestChangeRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("cooperation:partner_request_detail", pk=obj.pk)
        messages.success(request, _("Saved."))
        if "continue" in request.POST:
            following = section_after(current)
            if following.slug == ATTACHMENTS:
                return redirect("cooperation:partner_request_attachments", pk=obj.pk)
            return redirect(
                "cooperation:partner_request_section", pk=obj.pk, section=following.slug
            )
        return redirect("cooperation:partner_request_section", pk=obj.pk, section=current.slug)
    # Unsaved input must not count as saved: the section list reads the stored request.
    stored = _request_or_404(request, pk) if form.is_bound else obj
    return render(
        request,
        "cooperation/partner/request_section.html",
        {"form": form, **_section_context(stored, current)},
        status=400 if form.is_bound else 200,
    )


@partner_only
@require_http_methods(["GET", "POST"])
def request_attachments(request, pk: int):
    obj = _request_or_404(request, pk)
    refused = _refuse_change(request, obj)
    if refused:
        return refused
    attachments = list(obj.attachments.all())
    form = AttachmentForm(
        request.POST or None, request.FILES or None, attachment_count=len(attachments)
    )
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.request_attachment_add(
                request=obj, actor=request.user, upload=form.checked
            )
        except services.RequestChangeRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            messages.success(
                request, _("“%(name)s” is attached.") % {"name": attachment.original_name}
            )
            return redirect("cooperation:partner_request_attachments", pk=obj.pk)
    return render(
        request,
        "cooperation/partner/request_attachments.html",
        {
            "form": form,
            "attachments": attachments,
            **_section_context(obj, SECTIONS_BY_SLUG[ATTACHMENTS]),
        },
        status=400 if form.errors else 200,
    )


@partner_only
@require_POST
def request_attachment_remove(request, pk: int, attachment_pk: int):
    obj = _request_or_404(request, pk)
    attachment = next((a for a in obj.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        services.request_attachment_remove(attachment=attachment, actor=request.user)
    except services.RequestChangeRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("cooperation:partner_request_detail", pk=obj.pk)
    messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
    return redirect("cooperation:partner_request_attachments", pk=obj.pk)


@partner_only
@require_GET
def request_attachment(request, pk: int, attachment_pk: int):
    """Download an attachment of a request the user may see (never from a public URL)."""
    obj = _request_or_404(request, pk)
    attachment = next((a for a in obj.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    return attachment_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )


def _render_review(request, obj: Request, *, problems: dict, resubmit_form=None, status=200):
    if resubmit_form is None and obj.status == RequestStatus.INFO_REQUESTED:
        resubmit_form = ResubmitForm()
    return render(
        request,
        "cooperation/partner/request_review.html",
        {
            "problem_list": [
                (name, capfirst(Request._meta.get_field(name).verbose_name), message)
                for name, message in problems.items()
            ],
            "capacity_labels": _capacity_labels(obj),
            "resubmit_form": resubmit_form,
            **_section_context(obj, problems=problems),
        },
        status=status,
    )


@partner_only
@require_GET
def request_review(request, pk: int):
    obj = _request_or_404(request, pk)
    refused = _refuse_change(request, obj)
    if refused:
        return refused
    return _render_review(request, obj, problems=services.request_submission_problems(request=obj))


@partner_only
@require_POST
def request_submit(request, pk: int):
    """Submit a draft, or resubmit after the programme team asked for information.

    Idempotent for the user: a second click finds the request sent and shows its reference.
    """
    obj = _request_or_404(request, pk)
    if obj.reference and obj.status not in (RequestStatus.DRAFT, RequestStatus.INFO_REQUESTED):
        return _already_sent(request, obj)
    refused = _refuse_change(request, obj)
    if refused:
        return refused
    resubmitting = obj.status == RequestStatus.INFO_REQUESTED
    form = ResubmitForm(request.POST) if resubmitting else None
    if form is not None and not form.is_valid():
        problems = services.request_submission_problems(request=obj)
        return _render_review(request, obj, problems=problems, resubmit_form=form, status=400)
    try:
        if resubmitting:
            sent = services.request_resubmit(
                request=obj, actor=request.user, comment=form.cleaned_data["comment"]
            )
        else:
            sent = services.request_submit(request=obj, actor=request.user)
    except services.RequestIncomplete as incomplete:
        messages.error(
            request,
            _("The request cannot be sent yet: correct the fields marked below."),
        )
        return _render_review(
            request, obj, problems=incomplete.problems, resubmit_form=form, status=400
        )
    except TransitionNotAllowed as refusal:
        fresh = _request_or_404(request, pk)
        if fresh.reference and fresh.status != obj.status:
            return _already_sent(request, fresh)
        messages.error(request, refusal.message)
        return redirect("cooperation:partner_request_detail", pk=obj.pk)
    if resubmitting:
        messages.success(
            request,
            _("Thank you: %(reference)s is back with the programme team.")
            % {"reference": sent.reference},
        )
    else:
        messages.success(
            request,
            _(
                "Your request is submitted. Its reference is %(reference)s: the programme team "
                "will review it and keep you informed here."
            )
            % {"reference": sent.reference},
        )
    return redirect("cooperation:partner_request_detail", pk=obj.pk)


def _already_sent(request, obj: Request):
    messages.info(
        request,
        _("This request is already submitted: its reference is %(reference)s.")
        % {"reference": obj.reference},
    )
    return redirect("cooperation:partner_request_detail", pk=obj.pk)


@partner_only
@require_POST
def request_withdraw(request, pk: int):
    obj = _request_or_404(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, obj, withdraw_form=form, status=400)
    try:
        services.request_withdraw(
            request=obj, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is withdrawn."))
    return redirect("cooperation:partner_request_detail", pk=obj.pk)


@partner_only
@require_POST
def request_message(request, pk: int):
    """Post a message to the programme team; htmx gets the refreshed thread back."""
    obj = _request_or_404(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.request_message_send(
                request=obj, author=request.user, body=form.cleaned_data["body"]
            )
        except services.RequestChangeRefused as refusal:
            form.add_error("body", refusal.message)
        else:
            if request.htmx:
                return _render_thread(request, obj, MessageForm())
            messages.success(request, _("Your message is sent to the programme team."))
            return redirect("cooperation:partner_request_detail", pk=obj.pk)
    if request.htmx:
        # htmx swaps only successful responses: the errors come back as a 200 partial.
        return _render_thread(request, obj, form)
    return _render_detail(request, obj, message_form=form, status=400)


def _render_thread(request, obj: Request, form: MessageForm):
    return render(
        request,
        "cooperation/partner/_thread.html",
        {
            "req": obj,
            "timeline": selectors_partner.request_timeline_for_partner(obj),
            "message_form": form,
            "can_write": True,
        },
    )


@partner_only
@require_GET
def request_detail(request, pk: int):
    return _render_detail(request, _request_or_404(request, pk))


def _render_detail(request, obj: Request, *, status: int = 200, **forms):
    user = request.user
    can_change = can_change_request_as_partner(user, obj)
    return render(
        request,
        "cooperation/partner/request_detail.html",
        {
            **_section_context(obj, problems=None if can_change else {}),
            "capacity_labels": _capacity_labels(obj),
            "timeline": selectors_partner.request_timeline_for_partner(obj),
            "can_change": can_change,
            "can_withdraw": REQUEST_MACHINE.can(obj, "withdraw", user),
            "can_write": can_write_to_staff_as_partner(user, obj),
            "message_form": forms.get("message_form") or MessageForm(),
            "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        },
        status=status,
    )


def _capacity_labels(obj: Request) -> list[str]:
    return [
        CapacityLevel(value).label for value in obj.capacity_levels if value in CapacityLevel.values
    ]
