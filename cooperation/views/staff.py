"""Programme staff: the triage queue and the request page where officers decide."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.redirects import redirect_local
from audit.statemachine import TransitionNotAllowed
from reference.models import CapacityLevel
from uploads.responses import attachment_response

from .. import services_staff
from ..eligibility import eligibility_checklist
from ..exports import FORMATS, dataset_response, requests_dataset
from ..filters import OPEN, StaffRequestFilter, queue_keyset
from ..forms_staff import (
    AssignForm,
    BulkAssignForm,
    EligibilityForm,
    RequestMessageForm,
    request_transition_form,
)
from ..models import Request, RequestAttachment, RequestStatus
from ..pagination import KeysetPaginator, estimated_count
from ..rules import can_triage_requests
from ..selectors_staff import (
    institution_actions,
    institution_requests,
    queue_rows,
    request_for_staff,
    request_status_counts_capped,
    request_status_totals,
    request_timeline,
    requests_for_staff,
    requests_similar_to,
)
from ..transitions import REQUEST_MACHINE
from .lists import PAGE_SIZE, sort_headers

staff_only = role_required(can_triage_requests)

# A filtered queue counts its requests per status up to this many (one bounded query); beyond,
# the status links show no count and the total is the planner's estimate ("about N").
STATUS_COUNT_CAP = 2000


def _queue_columns() -> list[tuple[str, str | None]]:
    return [
        (_("Reference"), "reference"),
        (_("Title"), "title"),
        (_("Institution"), "institution"),
        (_("Country"), "country"),
        (_("Status"), "status"),
        (_("Officer"), "officer"),
        (_("Submitted"), "submitted"),
    ]


def _status_links(request, counts: dict[str, int] | None) -> list[dict]:
    """One link per status with its count, keeping the other filters; "open" sums the queue.

    ``counts`` None (more requests match than ``STATUS_COUNT_CAP``): links without counts."""
    current = request.GET.get("status", "")

    def count(values) -> int | None:
        return None if counts is None else sum(counts.get(value, 0) for value in values)

    statuses = [(OPEN, _("Open"), count(RequestStatus.open_states()))]
    statuses += [
        (value, label, count([value]))
        for value, label in RequestStatus.choices
        if value != RequestStatus.DRAFT
    ]
    links = []
    for value, label, count in statuses:
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("cursor", None)
        params["status"] = value
        links.append(
            {
                "value": value,
                "label": label,
                "count": count,
                "href": f"?{params.urlencode()}",
                "current": value == current,
            }
        )
    return links


def _queue_total(filterset: StaffRequestFilter, counts: dict[str, int]) -> int:
    """The number of requests the queue lists, from its counts per status (no second count)."""
    status = filterset.form.cleaned_data.get("status")
    if not status:
        return sum(counts.values())
    if status == OPEN:
        return sum(counts.get(s, 0) for s in RequestStatus.open_states())
    return counts.get(status, 0)


@require_GET
@staff_only
def staff_home(request):
    """The triage queue: every submitted request, filtered, sorted, counted per status.

    The requests are read twice, whatever their number: the counts per status (whose sum is the
    total; unfiltered, from the trigger-kept totals on PostgreSQL) and the page, by keyset beyond
    the first pages (``cooperation.pagination``).
    """
    filterset = StaffRequestFilter(request.GET, queryset=requests_for_staff(), request=request)
    counts = request_status_totals() if filterset.is_unfiltered() else None
    capped = False
    if counts is None:
        counts, capped = request_status_counts_capped(
            filterset.qs_any_status(), cap=STATUS_COUNT_CAP
        )
    total, estimate = _queue_total(filterset, counts), False
    if capped:  # more than the cap: an estimated total, or a bounded count for one status
        total, estimate = None, False
        if not filterset.form.cleaned_data.get("status"):
            total, estimate = max(estimated_count(filterset.qs), STATUS_COUNT_CAP + 1), True
    page_obj = KeysetPaginator(
        request,
        queue_rows(filterset.qs),
        per_page=PAGE_SIZE,
        keys=queue_keyset(filterset),
        count=total,
        count_is_estimate=estimate,
        name="queue",
    ).page()
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "headers": sort_headers(request, _queue_columns()),
        "status_links": _status_links(request, None if capped else counts),
        "bulk_form": BulkAssignForm(prefix="bulk"),
        "export_query": request.GET.urlencode(),
    }
    template = "cooperation/staff/request_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "cooperation/staff/partials/request_results.html"
    return render(request, template, context)


@require_GET
@staff_only
def requests_export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    filterset = StaffRequestFilter(request.GET, queryset=requests_for_staff(), request=request)
    dataset = requests_dataset(filterset.qs)
    return dataset_response(
        dataset,
        file_format=file_format,
        name="requests",
        exported_by=request.user,
        filters=filterset.form.data.dict(),
    )


@require_POST
@staff_only
def requests_bulk_assign(request):
    form = BulkAssignForm(request.POST, prefix="bulk")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect_local(
            request, request.POST.get("next", ""), fallback="cooperation:staff_home"
        )
    officer = form.cleaned_data["officer"]
    changed = services_staff.requests_assign(
        request_ids=[r.pk for r in form.cleaned_data["requests"]],
        officer=officer,
        actor=request.user,
    )
    messages.success(
        request,
        ngettext(
            "%(count)d request assigned to %(officer)s.",
            "%(count)d requests assigned to %(officer)s.",
            changed,
        )
        % {"count": changed, "officer": officer or _("nobody")},
    )
    return redirect_local(request, request.POST.get("next", ""), fallback="cooperation:staff_home")


# --- One request ---------------------------------------------------------------------------------


def _request_or_404(pk: int) -> Request:
    try:
        return request_for_staff(pk)
    except Request.DoesNotExist as error:
        raise Http404 from error


def _transition_forms(request, obj: Request, bound=None) -> list[dict]:
    """The transitions the user may take now, each with its form (``bound``: a posted one)."""
    staff_names = services_staff.STAFF_REQUEST_TRANSITIONS
    forms = []
    for transition in REQUEST_MACHINE.available(obj, request.user):
        if transition.name not in staff_names:
            continue
        form = bound if bound is not None and bound.prefix == transition.name else None
        forms.append(
            {
                "transition": transition,
                "form": form or request_transition_form(transition.name, obj),
                "open": form is not None,
            }
        )
    return forms


def _render_request(request, obj: Request, *, status: int = 200, **forms):
    context = {
        "req": obj,
        "capacity_labels": [
            CapacityLevel(value).label
            for value in obj.capacity_levels
            if value in CapacityLevel.values
        ],
        "checklist": eligibility_checklist(obj),
        "transitions": _transition_forms(request, obj, forms.get("transition_form")),
        "eligibility_form": forms.get("eligibility_form") or EligibilityForm(request=obj),
        "message_form": forms.get("message_form") or RequestMessageForm(),
        "assign_form": AssignForm(initial={"officer": obj.assigned_officer}),
        "timeline": request_timeline(obj),
        "similar": requests_similar_to(obj),
        "earlier_requests": institution_requests(obj),
        "institution_actions": institution_actions(obj.lead_institution_id),
        "can_create_action": obj.status == RequestStatus.ACCEPTED and obj.action_id is None,
    }
    return render(request, "cooperation/staff/request_detail.html", context, status=status)


@require_GET
@staff_only
def request_detail(request, pk: int):
    return _render_request(request, _request_or_404(pk))


@require_POST
@staff_only
def request_transition(request, pk: int, transition: str):
    obj = _request_or_404(pk)
    form = request_transition_form(transition, obj, request.POST)
    if not form.is_valid():
        return _render_request(request, obj, status=400, transition_form=form)
    try:
        services_staff.request_triage(
            request=obj,
            transition=transition,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            reason=form.cleaned_data.get("reason", ""),
            seen_status=form.cleaned_data["seen_status"],
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Done: “%(action)s”.") % {"action": REQUEST_MACHINE.transitions[transition].label},
        )
    return redirect("cooperation:staff_request_detail", pk=obj.pk)


@require_POST
@staff_only
def request_message(request, pk: int):
    obj = _request_or_404(pk)
    form = RequestMessageForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "cooperation/staff/partials/thread.html",
                {"req": obj, "timeline": request_timeline(obj), "message_form": form},
                status=400,
            )
        return _render_request(request, obj, status=400, message_form=form)
    services_staff.request_message_post(
        request=obj, author=request.user, body=form.cleaned_data["body"], internal=form.is_internal
    )
    if request.htmx:
        return render(
            request,
            "cooperation/staff/partials/thread.html",
            {"req": obj, "timeline": request_timeline(obj), "message_form": RequestMessageForm()},
        )
    messages.success(request, _("Your note is saved.") if form.is_internal else _("Message sent."))
    return redirect(reverse("cooperation:staff_request_detail", args=[obj.pk]) + "#thread")


@require_POST
@staff_only
def request_eligibility(request, pk: int):
    obj = _request_or_404(pk)
    form = EligibilityForm(request.POST, request=obj)
    if form.is_valid():
        services_staff.request_eligibility_record(
            request=obj, actor=request.user, items=form.items()
        )
        form = EligibilityForm(request=obj)
        saved = True
    else:
        saved = False
    if request.htmx:
        return render(
            request,
            "cooperation/staff/partials/eligibility.html",
            {
                "req": obj,
                "checklist": eligibility_checklist(obj),
                "eligibility_form": form,
                "saved": saved,
            },
            status=200 if saved else 400,
        )
    if not saved:
        return _render_request(request, obj, status=400, eligibility_form=form)
    messages.success(request, _("The eligibility checklist is saved."))
    return redirect(reverse("cooperation:staff_request_detail", args=[obj.pk]) + "#eligibility")


@require_POST
@staff_only
def request_assign(request, pk: int):
    obj = _request_or_404(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        officer = form.cleaned_data["officer"]
        services_staff.requests_assign(request_ids=[obj.pk], officer=officer, actor=request.user)
        messages.success(
            request, _("Assigned to %(officer)s.") % {"officer": officer or _("nobody")}
        )
    else:
        messages.error(request, _("Choose an officer from the list."))
    return redirect("cooperation:staff_request_detail", pk=obj.pk)


@require_GET
@staff_only
def request_attachment(request, pk: int, attachment_pk: int):
    request_obj = _request_or_404(pk)
    attachment = get_object_or_404(RequestAttachment, pk=attachment_pk, request=request_obj)
    return attachment_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )
