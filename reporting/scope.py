"""What a figure counts: whose activity (the audience) and which slice of it (the filters).

Every figure of the dashboards starts from one of the querysets below, so the audience and the
filters mean the same thing everywhere:

- the **period** selects requests by submission, actions by creation, missions by start date;
- the **region** and **country** are those of the partner institution (the lead institution of a
  request, any partner institution of an action or of a mission's action);
- the **thematic area** matches itself and, for a top-level area, its sub-areas (a mission takes
  its action's themes).
"""

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from cooperation.models import Action, Request, RequestStatus
from experts.models import Expert
from missions.models import Feedback, Invitation, InvitationStatus, Mission, MissionStatus
from partners.selectors import institution_ids_of
from reference.models import Country, Region, ThematicArea

# Missions that are planned for real (recruiting or later) and those that have taken place.
COUNTED_MISSIONS_EXCLUDED = (MissionStatus.DRAFT, MissionStatus.CANCELLED)
DELIVERED_MISSIONS = (MissionStatus.COMPLETED, MissionStatus.REPORTED, MissionStatus.CLOSED)


class AudienceKind(enum.StrEnum):
    PROGRAMME = "programme"
    INSTITUTIONS = "institutions"
    EXPERT = "expert"


@dataclass(frozen=True)
class Audience:
    """Whose figures: the whole programme (staff), partner institutions, or one expert."""

    kind: AudienceKind
    institution_ids: tuple[int, ...] = ()
    expert_id: int | None = None

    @classmethod
    def programme(cls) -> "Audience":
        return cls(kind=AudienceKind.PROGRAMME)

    @classmethod
    def institutions(cls, ids: list[int] | tuple[int, ...]) -> "Audience":
        return cls(kind=AudienceKind.INSTITUTIONS, institution_ids=tuple(ids))

    @classmethod
    def expert(cls, expert_id: int | None) -> "Audience":
        return cls(kind=AudienceKind.EXPERT, expert_id=expert_id)

    @property
    def is_programme(self) -> bool:
        return self.kind == AudienceKind.PROGRAMME


def audience_of(user) -> Audience | None:
    """Staff see the programme, a partner user their institutions, an expert their own missions;
    anyone else (the public) has no dashboard."""
    if not user.is_authenticated:
        return None
    if user.is_programme_staff:
        return Audience.programme()
    if user.role == Role.PARTNER:
        return Audience.institutions(institution_ids_of(user))
    if user.role == Role.EXPERT:
        return Audience.expert(
            Expert.objects.filter(user=user).values_list("pk", flat=True).first()
        )
    return None


@dataclass(frozen=True)
class DashboardFilters:
    """The slice of the audience's activity to count. An empty bound means no limit."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    region: str = ""
    country: Country | None = None
    theme: ThematicArea | None = None

    @property
    def region_label(self) -> str:
        return Region(self.region).label if self.region else ""

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters (those of the filter form), for links and the audit."""
        params = {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
            "region": self.region,
            "country": self.country.pk if self.country else "",
            "theme": str(self.theme.pk) if self.theme else "",
        }
        return {name: value for name, value in params.items() if value}


def theme_match(theme: ThematicArea, field: str) -> Q:
    """``field`` (a foreign key to a theme) is the theme or, for a top-level area, a sub-area."""
    return Q(**{f"{field}_id": theme.pk}) | Q(**{f"{field}__parent_id": theme.pk})


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in_period(field: str, filters: DashboardFilters, *, is_datetime: bool) -> Q:
    condition = Q()
    if filters.start:
        start = _start_of_day(filters.start) if is_datetime else filters.start
        condition &= Q(**{f"{field}__gte": start})
    if filters.end:
        if is_datetime:
            end_day = filters.end + datetime.timedelta(days=1)
            condition &= Q(**{f"{field}__lt": _start_of_day(end_day)})
        else:
            condition &= Q(**{f"{field}__lte": filters.end})
    return condition


def _action_conditions(
    filters: DashboardFilters, *, action_ref: str, institution_ids: tuple[int, ...] | None
) -> list[Exists]:
    """Conditions on the action that ``action_ref`` (an ``OuterRef`` name) points at: its partner
    institutions (their country, region, or being the audience's) and its themes."""
    partners = Action.institutions.through.objects.filter(action_id=OuterRef(action_ref))
    conditions = []
    if institution_ids is not None:
        conditions.append(Exists(partners.filter(institution_id__in=institution_ids)))
    if filters.region:
        conditions.append(Exists(partners.filter(institution__country__region=filters.region)))
    if filters.country:
        conditions.append(Exists(partners.filter(institution__country_id=filters.country.pk)))
    if filters.theme:
        themes = Action.themes.through.objects.filter(
            theme_match(filters.theme, "thematicarea"), action_id=OuterRef(action_ref)
        )
        conditions.append(Exists(themes))
    return conditions


def _audience_institutions(audience: Audience) -> tuple[int, ...] | None:
    return audience.institution_ids if audience.kind == AudienceKind.INSTITUTIONS else None


def requests_in_scope(*, audience: Audience, filters: DashboardFilters) -> QuerySet[Request]:
    """Requests received (submitted, whatever became of them) in the period.

    A partner's are those where one of their institutions is the lead or a co-applicant.
    """
    if audience.kind == AudienceKind.EXPERT:
        return Request.objects.none()
    requests = Request.objects.filter(submitted_at__isnull=False).exclude(
        status=RequestStatus.DRAFT
    )
    if audience.kind == AudienceKind.INSTITUTIONS:
        co_applied = Request.co_applicants.through.objects.filter(
            request_id=OuterRef("pk"), institution_id__in=audience.institution_ids
        )
        requests = requests.filter(
            Q(lead_institution_id__in=audience.institution_ids) | Exists(co_applied)
        )
    requests = requests.filter(_in_period("submitted_at", filters, is_datetime=True))
    if filters.region:
        requests = requests.filter(lead_institution__country__region=filters.region)
    if filters.country:
        requests = requests.filter(lead_institution__country_id=filters.country.pk)
    if filters.theme:
        themes = Request.themes.through.objects.filter(
            theme_match(filters.theme, "thematicarea"), request_id=OuterRef("pk")
        )
        requests = requests.filter(Exists(themes))
    return requests


def actions_in_scope(*, audience: Audience, filters: DashboardFilters) -> QuerySet[Action]:
    """Actions created in the period (a partner's: those of their institutions)."""
    if audience.kind == AudienceKind.EXPERT:
        return Action.objects.none()
    return Action.objects.filter(
        _in_period("created_at", filters, is_datetime=True),
        *_action_conditions(
            filters, action_ref="pk", institution_ids=_audience_institutions(audience)
        ),
    )


def missions_in_scope(*, audience: Audience, filters: DashboardFilters) -> QuerySet[Mission]:
    """Missions starting in the period, recruiting or later (drafts and cancelled ones left out).

    An expert's are those they accepted.
    """
    missions = Mission.objects.exclude(status__in=COUNTED_MISSIONS_EXCLUDED).filter(
        _in_period("start_date", filters, is_datetime=False),
        *_action_conditions(
            filters, action_ref="action_id", institution_ids=_audience_institutions(audience)
        ),
    )
    if audience.kind == AudienceKind.EXPERT:
        if audience.expert_id is None:
            return Mission.objects.none()
        accepted = Invitation.objects.filter(
            mission_id=OuterRef("pk"),
            expert_id=audience.expert_id,
            status=InvitationStatus.ACCEPTED,
        )
        missions = missions.filter(Exists(accepted))
    return missions


def accepted_invitations_in_scope(
    *, audience: Audience, filters: DashboardFilters
) -> QuerySet[Invitation]:
    """The places experts accepted on the missions in scope (an expert's own only)."""
    invitations = Invitation.objects.filter(
        status=InvitationStatus.ACCEPTED,
        mission__in=missions_in_scope(audience=audience, filters=filters),
    )
    if audience.kind == AudienceKind.EXPERT:
        invitations = invitations.filter(expert_id=audience.expert_id)
    return invitations


def feedback_in_scope(*, audience: Audience, filters: DashboardFilters) -> QuerySet[Feedback]:
    """Partner feedback on the missions in scope (a partner's: their own institutions')."""
    if audience.kind == AudienceKind.EXPERT:
        return Feedback.objects.none()
    feedback = Feedback.objects.filter(
        mission__in=missions_in_scope(audience=audience, filters=filters)
    )
    if audience.kind == AudienceKind.INSTITUTIONS:
        feedback = feedback.filter(institution_id__in=audience.institution_ids)
    return feedback
