"""Demo decision meetings: the programme's standard criteria, last round's meeting (closed, its
decisions applied) and the next one with open requests on its agenda, some already scored.
Safe to run again: criteria are found by name, meetings by title."""

import datetime

from django.utils import timezone

from accounts.models import User
from audit.services import audit_record_create
from cooperation.models import Request, RequestStatus
from meetings.models import AgendaItem, DecisionCriterion, Meeting, MeetingStatus, Outcome, Score
from meetings.services import criterion_create

CRITERIA = [
    (
        "Relevance to the programme",
        "Does the request address social protection, health, employment or inclusion, and fit "
        "the partner country's reform agenda?",
    ),
    (
        "Ownership by the partner institution",
        "Is the institution leading the change, with a focal point, staff time and a mandate?",
    ),
    (
        "Feasibility of the timing and scale",
        "Can peer experts deliver it in the period asked, with the expert-days wished?",
    ),
    (
        "Expected results and sustainability",
        "Are the results concrete, and will they last after the action (laws, standards, "
        "trained trainers)?",
    ),
    (
        "Complementarity with other support",
        "Does it avoid overlapping with EU Delegation, World Bank or other donors' projects?",
    ),
]

PAST_TITLE = "Decision meeting – previous round"
NEXT_TITLE = "Decision meeting – next round"


def _criteria(manager: User) -> list[DecisionCriterion]:
    criteria = []
    for order, (name, guidance) in enumerate(CRITERIA, start=1):
        criterion = DecisionCriterion.objects.filter(name=name).first()
        if criterion is None:
            criterion = criterion_create(actor=manager, name=name, guidance=guidance, order=order)
        criteria.append(criterion)
    return criteria


def _score(item: AgendaItem, criteria: list[DecisionCriterion], values: tuple[int, ...]) -> None:
    for criterion, value in zip(criteria, values, strict=False):
        Score.objects.get_or_create(item=item, criterion=criterion, defaults={"value": value})


def _past_meeting(officer: User, criteria: list[DecisionCriterion]) -> None:
    if Meeting.objects.filter(title=PAST_TITLE).exists():
        return
    decided_requests = Request.objects.exclude(reference=None).order_by("reference")
    decided = [
        *decided_requests.filter(status=RequestStatus.ACCEPTED)[:2],
        *decided_requests.filter(status=RequestStatus.REJECTED)[:1],
    ]
    now = timezone.now()
    meeting = Meeting.objects.create(
        title=PAST_TITLE,
        date=timezone.localdate() - datetime.timedelta(days=14),
        status=MeetingStatus.CLOSED,
        created_by=officer,
        closed_by=officer,
        closed_at=now - datetime.timedelta(days=14),
    )
    for position, request in enumerate(decided, start=1):
        accepted = request.status == RequestStatus.ACCEPTED
        item = AgendaItem.objects.create(
            meeting=meeting,
            request=request,
            position=position,
            status_seen=RequestStatus.IN_REVIEW,
            proposed_decision="accept" if accepted else "reject",
            rejection_reason="" if accepted else (request.rejection_reason or "other"),
            note="Agreed by the committee." if accepted else "Outside this round's priorities.",
            outcome=Outcome.APPLIED,
            applied_status=request.status,
            added_by=officer,
        )
        _score(item, criteria, (5, 4, 4, 4, 5) if accepted else (2, 3, 2, 2, 3))
    audit_record_create(
        target=meeting,
        actor=officer,
        action="close",
        from_state=MeetingStatus.PLANNED,
        to_state=MeetingStatus.CLOSED,
        comment=f"{len(decided)} decision(s) applied, 0 skipped.",
        data={"applied": len(decided), "skipped": 0},
    )


def _next_meeting(officer: User, criteria: list[DecisionCriterion]) -> None:
    if Meeting.objects.filter(title=NEXT_TITLE).exists():
        return
    meeting = Meeting.objects.create(
        title=NEXT_TITLE, date=timezone.localdate() + datetime.timedelta(days=7), created_by=officer
    )
    open_requests = list(
        Request.objects.filter(status__in=(RequestStatus.IN_REVIEW, RequestStatus.SUBMITTED))
        .exclude(reference=None)
        .order_by("status", "reference")[:3]
    )
    for position, request in enumerate(open_requests, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            request=request,
            position=position,
            status_seen=request.status,
            added_by=officer,
        )
        if request.status != RequestStatus.IN_REVIEW:
            continue
        _score(item, criteria, (5, 4, 3, 4, 4) if position == 1 else (4, 3, 3))
        if position == 1:
            item.proposed_decision = "accept"
            item.note = "A good fit; plan the first mission after the summer."
            item.save(update_fields=["proposed_decision", "note"])


def seed_demo_meetings(*, officer: User, manager: User) -> None:
    criteria = _criteria(manager)
    _past_meeting(officer, criteria)
    _next_meeting(officer, criteria)
