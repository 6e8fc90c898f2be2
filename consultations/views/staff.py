"""Staff pages: stakeholder contacts (managers keep them), sending a consultation, closing it
early, sending a stakeholder's e-mail again, overriding an objection (managers). Partners and
experts never reach them (404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_manager, is_programme_staff
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Request
from cooperation.selectors_staff import request_for_staff

from .. import services
from ..filters import ContactFilter
from ..forms import ContactForm, OverrideForm, SendForm
from ..models import Addressee, Consultation, StakeholderContact
from ..selectors import contacts_for_request, contacts_list

PAGE_SIZE = 50

staff_only = role_required(is_programme_staff)
managers_only = role_required(is_manager)


def _request_or_404(pk: int) -> Request:
    try:
        return request_for_staff(pk)
    except Request.DoesNotExist as error:
        raise Http404 from error


def _to_request(pk: int):
    return redirect(reverse("cooperation:staff_request_detail", args=[pk]) + "#consultation")


@staff_only
def contact_list(request):
    filterset = ContactFilter(request.GET, queryset=contacts_list(), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/staff/contact_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "contacts": page.object_list,
            "can_manage": is_manager(request.user),
        },
    )


@managers_only
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int | None = None):
    contact = get_object_or_404(StakeholderContact, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_save(
            contact=contact, actor=request.user, fields=form.cleaned_data
        )
        messages.success(request, _("The contact %(name)s is saved.") % {"name": contact})
        return redirect("consultations:contact_list")
    return render(
        request,
        "consultations/staff/contact_form.html",
        {"form": form, "contact": contact},
        status=400 if form.is_bound else 200,
    )


@require_POST
@managers_only
def contact_deactivate(request, pk: int):
    contact = get_object_or_404(StakeholderContact, pk=pk)
    services.contact_deactivate(contact=contact, actor=request.user)
    messages.success(
        request,
        _("%(name)s is no longer offered for new consultations.") % {"name": contact},
    )
    return redirect("consultations:contact_list")


@staff_only
@require_http_methods(["GET", "POST"])
def consultation_send(request, pk: int):
    obj = _request_or_404(pk)
    contacts = contacts_for_request(obj)
    form = SendForm(request.POST or None, contacts=contacts)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_send(
                request=obj,
                actor=request.user,
                contacts=list(form.cleaned_data["stakeholders"]),
                working_days=form.cleaned_data["working_days"],
                message=form.cleaned_data["message"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The consultation is sent; answers are due by %(date)s.")
                % {"date": formats.date_format(consultation.deadline)},
            )
            return _to_request(obj.pk)
    return render(
        request,
        "consultations/staff/send.html",
        {"req": obj, "form": form, "contacts": contacts},
        status=400 if form.is_bound else 200,
    )


@require_POST
@staff_only
def consultation_close(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.select_related("request"), pk=pk)
    try:
        services.consultation_close_now(consultation=consultation, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The consultation is closed; those who did not answer count as not objecting."),
        )
    return _to_request(consultation.request_id)


@require_POST
@staff_only
def addressee_resend(request, pk: int):
    addressee = get_object_or_404(Addressee.objects.select_related("consultation"), pk=pk)
    try:
        services.addressee_email_resend(addressee=addressee, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The e-mail to %(organisation)s is being sent again.")
            % {"organisation": addressee.organisation},
        )
    return _to_request(addressee.consultation.request_id)


@require_POST
@managers_only
def consultation_override(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.select_related("request"), pk=pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason for overriding the objection."))
        return _to_request(consultation.request_id)
    try:
        services.consultation_override(
            consultation=consultation, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The objection is overridden; the request can be accepted."))
    return _to_request(consultation.request_id)
