"""Demo calls for experts: one or two published calls on the demo missions that still look for
experts, each with a position or two and an application from another roster expert.

Runs after the missions demo. Nothing happens when calls exist already (safe to run again), or
when no mission is being planned or recruiting far enough ahead. The demo expert login is left
free to apply, so that a visitor can try it.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from audit.statemachine import TransitionNotAllowed
from calls import services
from calls.models import Call
from experts.models import Expert, RosterStatus
from missions.models import ExpertRole, Mission, MissionStatus
from reference.models import ThematicArea

MAX_CALLS = 2
MOTIVATIONS = (
    "I led the reform of our national fund's benefit package and trained its staff; I would "
    "bring that experience and the lessons we learnt to your institution.",
    "Peer exchange is how we improved our own service: I would be glad to share our methods "
    "and tools, and to learn from yours.",
)


def seed_demo_calls(*, officer: User, expert_user: User) -> list[Call]:
    if Call.objects.exists():
        return []
    soon = timezone.localdate() + datetime.timedelta(days=3)
    missions = (
        Mission.objects.filter(
            status__in=(MissionStatus.RECRUITING, MissionStatus.DRAFT), start_date__gt=soon
        )
        .select_related("action")
        .order_by("-status", "start_date", "pk")[:MAX_CALLS]
    )  # recruiting before draft
    calls = [_call_for(mission, officer) for mission in missions]
    calls = [call for call in calls if call is not None]
    applicants = list(
        Expert.objects.filter(roster_status=RosterStatus.APPROVED, consent_given_at__isnull=False)
        .exclude(user=expert_user)
        .select_related("user")
        .order_by("pk")
    )
    for number, call in enumerate(calls):
        _apply(call, applicants[number:] + applicants[:number], MOTIVATIONS[number % 2])
    return calls


def _sub_areas(mission: Mission) -> list[ThematicArea]:
    themes = list(mission.themes.all()) or list(mission.action.themes.all())
    sub_areas = [theme for theme in themes if theme.parent_id]
    if not sub_areas:
        area_ids = [theme.pk for theme in themes]
        sub_areas = list(ThematicArea.objects.filter(Q(parent_id__in=area_ids)).order_by("pk"))
    return sub_areas or list(ThematicArea.objects.filter(parent__isnull=False).order_by("pk")[:1])


def _call_for(mission: Mission, officer: User) -> Call | None:
    day = min(
        timezone.localdate() + datetime.timedelta(days=14),
        mission.start_date - datetime.timedelta(days=1),
    )
    deadline = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
    call = services.call_create(
        mission=mission,
        actor=officer,
        deadline=deadline,
        introduction=(
            "The partner institution asks for peer support from practitioners of EU member "
            "states' public administrations. Apply with a short motivation."
        ),
    )
    roles = (ExpertRole.LEAD, ExpertRole.EXPERT)
    for role, theme in zip(roles, _sub_areas(mission)[:2] * 2, strict=False):
        services.position_add(
            call=call,
            actor=officer,
            fields={
                "role": role,
                "theme": theme,
                "expertise_sought": (
                    f"Practical experience of {theme.name.lower()} in a public institution, "
                    "to advise the partner's team and review its draft documents."
                ),
                "expert_days": max(1, (mission.end_date - mission.start_date).days + 1),
                "places": 1,
                "start_date": mission.start_date,
                "end_date": mission.end_date,
                "location": mission.location,
            },
            languages=mission.languages.all(),
        )
    try:
        return services.call_transition(call=call, name="publish", actor=officer)
    except TransitionNotAllowed:
        return None


def _apply(call: Call, experts: list[Expert], motivation: str) -> None:
    """One application to the call's first position, from the first expert it takes."""
    position = call.positions.order_by("role", "pk").first()
    for expert in experts:
        if services.application_refusal(position=position, expert=expert):
            continue
        services.application_submit(
            position=position,
            expert=expert,
            actor=expert.user,
            motivation=motivation,
            availability_confirmed=True,
        )
        return
