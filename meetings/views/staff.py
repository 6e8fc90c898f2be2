"""Programme staff: the standard criteria, meetings, their agenda, scoring and closing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from audit.statemachine import TransitionNotAllowed
from cooperation.models import Request

from .. import services
from ..filters import MeetingFilter
from ..forms import (
    AddToMeetingForm,
    AgendaAddForm,
    AgendaRemoveForm,
    AssessmentForm,
    CriterionForm,
    MeetingEditForm,
    MeetingForm,
)
from ..minutes import MINUTES_FORMATS, minutes_response
from ..models import AgendaItem, DecisionCriterion, Meeting
from ..rules import can_edit_criteria, can_prepare_meetings
from ..selectors import (
    criteria_active,
    criteria_all,
    meeting_items,
    meetings_for_staff,
    meetings_upcoming,
    requests_for_agenda,
)
from ..transitions import MEETING_MACHINE

PAGE_SIZE = 25

staff_only = role_required(can_prepare_meetings)
managers_only = role_required(can_edit_criteria)


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(meetings_for_staff(), pk=pk)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    """An item of this meeting's agenda: another meeting's item answers 404."""
    return get_object_or_404(
        meeting.items.select_related("request__lead_institution__country").prefetch_related(
            "scores"
        ),
        pk=item_pk,
    )


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- Criteria ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_only
def criteria_list(request):
    """Officers read the criteria; managers add them here."""
    if request.method == "POST" and not can_edit_criteria(request.user):
        raise Http404
    form = CriterionForm(request.POST or None) if can_edit_criteria(request.user) else None
    if request.method == "POST" and form.is_valid():
        services.criterion_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The criterion is added."))
        return redirect("meetings:criteria")
    return render(
        request,
        "meetings/staff/criteria.html",
        {"criteria": criteria_all(), "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@managers_only
def criterion_edit(request, pk: int):
    criterion = get_object_or_404(DecisionCriterion, pk=pk)
    form = CriterionForm(request.POST or None, instance=DecisionCriterion.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.criterion_update(criterion=criterion, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The criterion is saved."))
        return redirect("meetings:criteria")
    return render(
        request,
        "meetings/staff/criterion_form.html",
        {"criterion": criterion, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- Meetings ------------------------------------------------------------------------------------


@require_GET
@staff_only
def meeting_list(request):
    filterset = MeetingFilter(request.GET, queryset=meetings_for_staff())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/staff/meeting_list.html",
        {"filter": filterset, "page_obj": page, "meetings": page.object_list},
    )


@require_http_methods(["GET", "POST"])
@staff_only
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                meeting_date=form.cleaned_data["date"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error("date", refusal.message)
        else:
            messages.success(request, _("The meeting is planned: put requests on its agenda."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/staff/meeting_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_only
def meeting_edit(request, pk: int):
    meeting = _meeting(pk)
    if not meeting.is_open:
        messages.error(
            request, _("This meeting is closed: its title and date can no longer change.")
        )
        return redirect("meetings:meeting", pk=meeting.pk)
    form = MeetingEditForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                actor=request.user,
                title=form.cleaned_data["title"],
                meeting_date=form.cleaned_data["date"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/staff/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.is_bound else 200,
    )


def _render_meeting(request, meeting: Meeting, *, add_form=None, status: int = 200):
    open_for_changes = meeting.is_open
    if add_form is None and open_for_changes:
        add_form = AgendaAddForm(queryset=requests_for_agenda(meeting))
    return render(
        request,
        "meetings/staff/meeting_detail.html",
        {
            "meeting": meeting,
            "items": meeting_items(meeting),
            "criteria": criteria_active(),
            "add_form": add_form,
            "can_close": open_for_changes and MEETING_MACHINE.can(meeting, "close", request.user),
            "formats": MINUTES_FORMATS,
        },
        status=status,
    )


@require_GET
@staff_only
def meeting_detail(request, pk: int):
    return _render_meeting(request, _meeting(pk))


@require_POST
@staff_only
def agenda_add(request, pk: int):
    meeting = _meeting(pk)
    if not meeting.is_open:
        messages.error(request, _("This meeting is closed: its agenda can no longer change."))
        return redirect("meetings:meeting", pk=pk)
    form = AgendaAddForm(request.POST, queryset=requests_for_agenda(meeting))
    if not form.is_valid():
        return _render_meeting(request, meeting, add_form=form, status=400)
    try:
        items = services.agenda_add(
            meeting=meeting, requests=form.cleaned_data["requests"], actor=request.user
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d request put on the agenda.",
                "%(count)d requests put on the agenda.",
                len(items),
            )
            % {"count": len(items)},
        )
    return redirect("meetings:meeting", pk=pk)


@require_POST
@staff_only
def agenda_remove(request, pk: int):
    meeting = _meeting(pk)
    form = AgendaRemoveForm(request.POST, meeting=meeting)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:meeting", pk=pk)
    try:
        services.agenda_remove(item=form.cleaned_data["item"], actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The request is taken off the agenda."))
    return redirect("meetings:meeting", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_only
def item_assess(request, pk: int, item_pk: int):
    meeting = _meeting(pk)
    item = _item(meeting, item_pk)
    if not meeting.is_open:
        messages.error(request, _("This meeting is closed: its scores and decisions are final."))
        return redirect("meetings:meeting", pk=pk)
    form = AssessmentForm(request.POST or None, item=item, criteria=criteria_active())
    if request.method == "POST" and form.is_valid():
        try:
            services.item_assess(
                item=item,
                actor=request.user,
                scores=form.scores(),
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Scores and proposed decision saved for %(reference)s.")
                % {"reference": item.request.reference},
            )
            return redirect("meetings:meeting", pk=pk)
    return render(
        request,
        "meetings/staff/item_form.html",
        {"meeting": meeting, "item": item, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@staff_only
def meeting_close(request, pk: int):
    meeting = _meeting(pk)
    try:
        summary = services.meeting_close(meeting=meeting, actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The meeting is closed: %(applied)d decision(s) applied, %(skipped)d skipped.")
            % {"applied": summary.applied, "skipped": summary.skipped},
        )
    return redirect("meetings:meeting", pk=pk)


@require_GET
@staff_only
def minutes_export(request, pk: int, file_format: str):
    if file_format not in MINUTES_FORMATS:
        raise Http404
    meeting = _meeting(pk)
    return minutes_response(meeting, file_format=file_format, exported_by=request.user)


# --- From the request page -----------------------------------------------------------------------


@require_POST
@staff_only
def request_add(request, request_pk: int):
    """ "Add to meeting" on the staff request page: put this request on a planned meeting."""
    obj = get_object_or_404(Request.objects.exclude(status="draft"), pk=request_pk)
    form = AddToMeetingForm(request.POST, meetings=meetings_upcoming())
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("cooperation:staff_request_detail", pk=obj.pk)
    meeting = form.cleaned_data["meeting"]
    try:
        services.agenda_add(meeting=meeting, requests=[obj], actor=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Put on the agenda of %(meeting)s.") % {"meeting": meeting.title}
        )
    return redirect("cooperation:staff_request_detail", pk=obj.pk)
