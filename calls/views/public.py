"""Public pages: the open positions (ranked for a logged-in expert) and a call's page."""

from django.shortcuts import get_object_or_404, render

from ..models import ApplicationStatus
from ..selectors import (
    applications_of,
    call_positions,
    calls_public,
    expert_of,
    positions_open,
    positions_ranked_for,
)


def call_list(request):
    expert = expert_of(request.user)
    ranked = positions_ranked_for(expert) if expert else None
    return render(
        request,
        "calls/public/list.html",
        {
            "ranked": ranked,
            "positions": None if expert else positions_open(),
            "expert": expert,
        },
    )


def call_detail(request, pk: int):
    call = get_object_or_404(calls_public(), pk=pk)
    expert = expert_of(request.user)
    mine = applications_of(request.user).filter(call=call) if expert else None
    application = mine.exclude(status=ApplicationStatus.WITHDRAWN).first() if expert else None
    withdrawn = expert is not None and application is None and mine.exists()
    return render(
        request,
        "calls/public/detail.html",
        {
            "call": call,
            "mission": call.mission,
            "positions": call_positions(call),
            "expert": expert,
            "application": application,
            "withdrawn": withdrawn,
        },
    )
