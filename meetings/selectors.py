"""Reads of decision meetings, scoped to programme staff (the views let only staff in)."""

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from cooperation.models import Request, RequestStatus

from .models import AgendaItem, DecisionCriterion, Meeting, MeetingStatus, Score


def criteria_all() -> QuerySet[DecisionCriterion]:
    return DecisionCriterion.objects.order_by("order", "name")


def criteria_active() -> QuerySet[DecisionCriterion]:
    return criteria_all().filter(is_active=True)


def meetings_for_staff() -> QuerySet[Meeting]:
    """Every meeting with the size of its agenda, newest first."""
    return (
        Meeting.objects.select_related("created_by", "closed_by")
        .annotate(
            item_count=Count("items", distinct=True),
            decided_count=Count("items", filter=~Q(items__proposed_decision=""), distinct=True),
        )
        .order_by("-date", "-pk")
    )


def meetings_upcoming() -> QuerySet[Meeting]:
    """Planned meetings, soonest first: where a request can still be put on an agenda."""
    return Meeting.objects.filter(status=MeetingStatus.PLANNED).order_by("date", "pk")


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The agenda with each request, its scores and their average, in agenda order."""
    return (
        meeting.items.select_related(
            "request__lead_institution__country", "request__assigned_officer", "added_by"
        )
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion")),
        )
        .annotate(average=Avg("scores__value"))
        .order_by("position", "pk")
    )


def requests_for_agenda(meeting: Meeting) -> QuerySet[Request]:
    """Open requests (submitted, in review, information requested, on hold) not yet on the
    agenda of ``meeting``."""
    return (
        Request.objects.filter(status__in=RequestStatus.open_states())
        .exclude(meeting_items__meeting=meeting)
        .select_related("lead_institution")
        .order_by("reference")
    )


def request_meeting_items(request: Request) -> QuerySet[AgendaItem]:
    """The agenda items of a request, on every meeting (for the request page)."""
    return request.meeting_items.select_related("meeting").order_by("-meeting__date")
