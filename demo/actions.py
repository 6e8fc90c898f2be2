"""Demo actions: each accepted demo request becomes an action, and the actions are moved through
the action lifecycle so that the list shows every status (planned, in progress, on hold,
completed, closed, cancelled). Runs after the requests demo; safe to run again."""

from decimal import Decimal

from accounts.models import User
from cooperation.models import Action, Request, RequestStatus
from cooperation.services_staff import action_create_from_request
from cooperation.transitions import ACTION_MACHINE

EXPERT_DAY_RATE_EUR = Decimal("1400")
DAYS_PER_EXPERT = 10

# The transitions that bring a planned action to each status, in the order they are handed out.
PATHS_TO_STATUS: list[tuple[str, ...]] = [
    ("start",),
    ("start", "complete", "close"),
    ("start", "complete"),
    (),
    ("start", "put_on_hold"),
    ("cancel",),
]

INDICATORS = (
    "Recommendations adopted by the institution's management\n"
    "Staff trained and applying the new procedures\n"
    "Partner feedback on the missions rated good or better"
)
PLANNED_ACTIVITIES = (
    "Inception meeting and assessment mission on site\n"
    "Remote follow-up with the working group\n"
    "Final workshop with the stakeholders"
)


def _plan_for(request: Request, officer: User) -> dict:
    expert_days = request.experts_wished * DAYS_PER_EXPERT
    return {
        "title": request.title,
        "institutions": [request.lead_institution, *request.co_applicants.all()],
        "themes": list(request.themes.all()),
        "objectives": request.objectives,
        "expected_results": request.expected_results,
        "indicators": INDICATORS,
        "planned_activities": PLANNED_ACTIVITIES,
        "budget_expert_days": expert_days,
        "budget_eur": expert_days * EXPERT_DAY_RATE_EUR,
        "period_start": request.period_start,
        "period_end": request.period_end,
        "assigned_officer": request.assigned_officer or officer,
    }


def seed_demo_actions(*, officer: User) -> list[Action]:
    """Create the actions of the accepted requests that have none yet; return the new ones."""
    created = []
    waiting = (
        Request.objects.filter(status=RequestStatus.ACCEPTED, action__isnull=True)
        .select_related("lead_institution", "assigned_officer")
        .order_by("submitted_at", "id")
    )
    already = Action.objects.count()
    for number, request in enumerate(waiting, start=already):
        action = action_create_from_request(
            request=request, actor=officer, **_plan_for(request, officer)
        )
        for transition in PATHS_TO_STATUS[number % len(PATHS_TO_STATUS)]:
            action = ACTION_MACHINE.apply(action, transition, actor=officer)
        created.append(action)
    return created
