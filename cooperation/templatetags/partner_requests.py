"""Request and action panels on the partners app's pages (the dashboard, an institution's page).

The partners app sits below this one and imports nothing from it: its templates load these tags.
"""

from django import template

from partners.models import Institution

from .. import selectors_partner
from ..models import RequestStatus

register = template.Library()

# The dashboard's counters, in the order a partner follows a request.
SUMMARY_STATES = (
    RequestStatus.DRAFT,
    RequestStatus.INFO_REQUESTED,
    RequestStatus.SUBMITTED,
    RequestStatus.IN_REVIEW,
    RequestStatus.ON_HOLD,
    RequestStatus.ACCEPTED,
    RequestStatus.REJECTED,
    RequestStatus.WITHDRAWN,
)


@register.inclusion_tag("cooperation/partner/_requests_summary.html", takes_context=True)
def requests_summary(context) -> dict:
    """Counts by status, what waits for the partner, and the latest requests."""
    user = context["request"].user
    counts = selectors_partner.request_counts_for_partner(user)
    return {
        "counts": [
            (status, RequestStatus(status).label, counts[status])
            for status in SUMMARY_STATES
            if counts.get(status)
        ],
        "info_requested": counts.get(RequestStatus.INFO_REQUESTED, 0),
        "recent": selectors_partner.recent_requests_for_partner(user),
    }


@register.inclusion_tag("cooperation/partner/_institution_cooperation.html", takes_context=True)
def institution_cooperation(context, institution: Institution) -> dict:
    """The institution's requests, actions and missions, as far as the viewer may see them."""
    user = context["request"].user
    return {
        "institution": institution,
        "requests": selectors_partner.institution_requests_for(user, institution),
        "actions": selectors_partner.institution_actions_for(user, institution),
        "staff_view": user.is_programme_staff,
    }
