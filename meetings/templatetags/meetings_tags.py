"""Decision meetings on other apps' pages, so those apps need not import ``meetings``:

{% load meetings_tags %}{% request_meetings req %}   on the staff request page
"""

from django import template

from cooperation.models import Request, RequestStatus
from cooperation.transitions import REQUEST_MACHINE

from ..forms import AddToMeetingForm
from ..rules import can_prepare_meetings
from ..selectors import meetings_upcoming, request_meeting_items
from ..transitions import decision_label as _decision_label

register = template.Library()


@register.inclusion_tag("meetings/partials/request_meetings.html", takes_context=True)
def request_meetings(context, req: Request) -> dict:
    """The meetings a request is on, and "add to meeting" while it is open."""
    user = context["request"].user
    if not can_prepare_meetings(user):
        return {"hidden": True}
    form = None
    if req.status in RequestStatus.open_states():
        meetings = meetings_upcoming().exclude(items__request=req)
        if meetings.exists():
            form = AddToMeetingForm(meetings=meetings)
    return {"req": req, "items": request_meeting_items(req), "form": form}


@register.filter
def decision_label(name: str) -> str:
    return _decision_label(name)


@register.filter
def request_status_label(status: str) -> str:
    return REQUEST_MACHINE.state_label(status)
