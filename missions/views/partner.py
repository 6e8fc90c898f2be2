"""Partner pages: the institution's missions, their confirmed experts, and feedback."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.rules import is_partner
from audit.statemachine import TransitionNotAllowed

from .. import services
from ..filters import PartnerMissionFilter
from ..forms import FeedbackForm
from ..models import Feedback
from ..rules import can_give_feedback
from ..selectors import (
    mission_confirmed_invitations,
    mission_partner_institutions,
    missions_list,
    missions_visible_to,
)

PAGE_SIZE = 25

partner_only = role_required(is_partner)


@partner_only
def mission_list(request):
    filterset = PartnerMissionFilter(request.GET, queryset=missions_list(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/partner/mission_list.html",
        {"filter": filterset, "page_obj": page, "missions": page.object_list},
    )


def _mission(request, pk: int):
    return get_object_or_404(
        missions_visible_to(request.user)
        .select_related("action", "country")
        .prefetch_related("languages", "themes"),
        pk=pk,
    )


@partner_only
def mission_detail(request, pk: int):
    mission = _mission(request, pk)
    institutions = list(mission_partner_institutions(mission, request.user))
    given = {
        feedback.institution_id: feedback
        for feedback in Feedback.objects.filter(mission=mission, institution__in=institutions)
    }
    return render(
        request,
        "missions/partner/mission_detail.html",
        {
            "mission": mission,
            "confirmed": mission_confirmed_invitations(mission),
            "feedback_open": can_give_feedback(request.user, mission),
            "feedback_rows": [(i, given.get(i.pk)) for i in institutions],
        },
    )


@partner_only
@require_http_methods(["GET", "POST"])
def feedback_edit(request, pk: int, institution_id: int):
    """The institution's feedback on the mission; sending it again edits it."""
    mission = _mission(request, pk)
    institution = get_object_or_404(
        mission_partner_institutions(mission, request.user), pk=institution_id
    )
    if not can_give_feedback(request.user, mission):
        messages.error(request, _("Feedback opens once the mission has taken place."))
        return redirect("missions:partner_mission", pk=mission.pk)
    existing = Feedback.objects.filter(mission=mission, institution=institution).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            _feedback, created = services.feedback_save(
                mission=mission,
                institution=institution,
                actor=request.user,
                ratings=form.ratings(),
                comments=form.cleaned_data["comments"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Thank you for your feedback.") if created else _("Your feedback is updated."),
            )
            return redirect("missions:partner_mission", pk=mission.pk)
    return render(
        request,
        "missions/partner/feedback_form.html",
        {"mission": mission, "institution": institution, "form": form, "existing": existing},
    )
