"""Call panels for other apps' pages, so those apps need not import ``calls``:

{% load calls_tags %}{% mission_call mission %}    on the staff mission page
"""

from django import template

from ..models import Call

register = template.Library()


@register.inclusion_tag("calls/partials/mission_call.html")
def mission_call(mission) -> dict:
    return {"mission": mission, "call": Call.objects.filter(mission=mission).first()}
