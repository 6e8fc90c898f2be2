"""Public pages: the open positions (ranked for a logged-in expert) and a call's page."""

from django.shortcuts import get_object_or_404, render

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
    application = applications_of(request.user).filter(call=call).first() if expert else None
    return render(
        request,
        "calls/public/detail.html",
        {
            "call": call,
            "mission": call.mission,
            "positions": call_positions(call),
            "expert": expert,
            "application": application,
        },
    )
