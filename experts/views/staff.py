"""Programme staff's roster pages: the search, an expert's profile, and vetting (managers)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.rules import is_manager, is_programme_staff
from audit.models import AuditRecord
from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from cooperation.pagination import KeysetPaginator

from .. import services
from ..filters import RosterFilter, roster_keyset
from ..forms import VettingForm
from ..models import Expert, RosterStatus
from ..selectors import (
    PROFILE_SECTIONS,
    expert_completeness,
    expert_profile_details,
    experts_for_roster,
    experts_visible_to,
)
from ..transitions import ROSTER_MACHINE, VETTING_TRANSITIONS

RESULTS_PER_PAGE = 25
SECTION_LABELS = dict(PROFILE_SECTIONS)
EDIT_LABELS = {
    "profile_update": _lazy("Profile updated"),
    "cv_upload": _lazy("New CV uploaded"),
    "consent_given": _lazy("Consent given"),
    "data_export": _lazy("Data downloaded by the expert"),
}


def _history(expert: Expert) -> list[tuple[AuditRecord, str]]:
    """The profile's audit records, each with a title for people."""
    entries = []
    for record in audit_records_for(expert):
        transition = ROSTER_MACHINE.transitions.get(record.action)
        if transition is not None:
            title = _("%(action)s: now “%(status)s”") % {
                "action": transition.label,
                "status": ROSTER_MACHINE.state_label(record.to_state),
            }
        elif record.action == "profile_update":
            title = _("Profile updated: %(section)s") % {
                "section": SECTION_LABELS.get(record.data.get("section"), "")
            }
        else:
            title = str(EDIT_LABELS.get(record.action, record.action))
        entries.append((record, title))
    return entries


@role_required(is_programme_staff)
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    roster_filter = RosterFilter(request.GET or None, queryset=experts_for_roster())
    page_obj = KeysetPaginator(
        request,
        roster_filter.qs,
        per_page=RESULTS_PER_PAGE,
        keys=roster_keyset(roster_filter),
        name="roster",
    ).page()
    template = "experts/staff/_roster.html" if request.htmx else "experts/staff/roster.html"
    return render(
        request,
        template,
        {
            "filter": roster_filter,
            "page_obj": page_obj,
            "experts": page_obj.object_list,
            "applied_status": RosterStatus.APPLIED,
        },
    )


def _render_detail(request: HttpRequest, expert: Expert, vetting_form: VettingForm) -> HttpResponse:
    expert = expert_profile_details(expert)
    vetting_actions = []
    if request.user.has_perm("experts.vet_expert", expert):
        vetting_actions = [
            transition
            for transition in ROSTER_MACHINE.available(expert, request.user)
            if transition.name in VETTING_TRANSITIONS
        ]
    return render(
        request,
        "experts/staff/detail.html",
        {
            "expert": expert,
            "completeness": expert_completeness(expert),
            "history": _history(expert),
            "vetting_actions": vetting_actions,
            "vetting_form": vetting_form,
        },
    )


@role_required(is_programme_staff)
@require_GET
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(experts_visible_to(request.user), pk=pk)
    return _render_detail(request, expert, VettingForm())


@role_required(is_manager)
@require_POST
def roster_vet(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(experts_visible_to(request.user), pk=pk)
    form = VettingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, expert, form)
    try:
        expert = services.expert_vet(
            expert=expert,
            actor=request.user,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s: the roster status is now “%(status)s”.")
            % {"name": expert.user.full_name, "status": expert.get_roster_status_display()},
        )
    return redirect("experts:roster_detail", pk=expert.pk)
