"""Reads for the partner pages: the institution's requests, one request, what the partner sees of
its timeline. Everything starts from ``requests_visible_to``, so another institution's request is
never found (404)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from partners.models import Institution
from reference.models import ThematicArea

from .models import Action, Request, RequestStatus
from .selectors import actions_visible_to, requests_visible_to
from .selectors_staff import TimelineEntry, request_timeline

# Of the timeline the partner sees status changes and the messages with the programme team; the
# team's internal notes and bookkeeping (assignment, eligibility checklist) stay with the team.
PARTNER_TIMELINE_KINDS = ("status", "message")


def requests_for_partner(user: User) -> QuerySet[Request]:
    """The user's institutions' requests (lead or co-applicant), ready for a list row."""
    return requests_visible_to(user).select_related("lead_institution__country")


def request_for_partner(user: User, pk: int) -> Request:
    """One request with what its pages show (raises ``Request.DoesNotExist``)."""
    return (
        requests_for_partner(user)
        .select_related("submitted_by", "action")
        .prefetch_related(
            Prefetch("themes", queryset=ThematicArea.objects.select_related("parent")),
            "languages",
            Prefetch("co_applicants", queryset=Institution.objects.select_related("country")),
            "attachments",
        )
        .get(pk=pk)
    )


def request_timeline_for_partner(request: Request) -> list[TimelineEntry]:
    """Status changes (with the programme team's comments) and messages, oldest first."""
    return [entry for entry in request_timeline(request) if entry.kind in PARTNER_TIMELINE_KINDS]


def request_counts_for_partner(user: User) -> dict[str, int]:
    """How many of the user's institutions' requests are in each status (one query)."""
    rows = (
        requests_visible_to(user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk", distinct=True))
        .values_list("status", "n")
    )
    return dict(rows)


def recent_requests_for_partner(user: User, *, limit: int = 5) -> list[Request]:
    return list(requests_for_partner(user).order_by("-updated_at", "-id")[:limit])


def institution_requests_for(user: User, institution: Institution) -> list[Request]:
    """The institution's requests the user may see, lead and co-applicant ones, newest first.

    Programme staff see what partners have sent, never their drafts.
    """
    requests = (
        requests_visible_to(user)
        .filter(Q(lead_institution=institution) | Q(co_applicants=institution))
        .distinct()
    )
    if user.is_programme_staff:
        requests = requests.exclude(status=RequestStatus.DRAFT)
    return list(requests.select_related("lead_institution").order_by("-created_at", "-id"))


def institution_actions_for(user: User, institution: Institution) -> list[Action]:
    """The institution's actions the user may see, with their missions."""
    return list(
        actions_visible_to(user)
        .filter(institutions=institution)
        .prefetch_related("missions")
        .order_by("-created_at", "-id")
    )
