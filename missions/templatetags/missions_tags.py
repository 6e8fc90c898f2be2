"""Mission panels for other apps' pages, so those apps need not import ``missions``:

    {% load missions_tags %}
    {% action_missions action %}     on the action page (staff and partners)
    {% partner_missions_panel %}     on the partner's home page

The expert's home page takes its mission panels from ``templates/missions/expert/home_*.html``
instead (see ``experts.views.expert.HOME_PANELS``).
"""

from django import template

from cooperation.models import Action, ActionStatus

from ..models import InvitationStatus
from ..selectors import missions_for_action, partner_missions_overview

register = template.Library()


@register.inclusion_tag("missions/partials/action_missions.html", takes_context=True)
def action_missions(context, action: Action) -> dict:
    user = context["request"].user
    return {
        "action": action,
        "missions": missions_for_action(action, user),
        "user": user,
        "can_add": user.is_programme_staff
        and action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS),
    }


@register.inclusion_tag("missions/partials/partner_missions.html", takes_context=True)
def partner_missions_panel(context) -> dict:
    user = context["request"].user
    return {"missions": partner_missions_overview(user), "user": user}


@register.filter
def invitation_status_label(status: str) -> str:
    """The readable label of an invitation status value (for annotated values)."""
    return InvitationStatus(status).label if status in InvitationStatus.values else status
