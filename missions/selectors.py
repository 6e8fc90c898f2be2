"""Reads of the missions domain. Every queryset is scoped to what the user may see."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from cooperation.models import Action
from experts.models import Expert, Shortlist, ShortlistEntry, UnavailablePeriod
from experts.rules import expert_can_be_invited
from partners.models import Institution, MembershipStatus
from partners.selectors import institution_ids_of

from .models import (
    Feedback,
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportStatus,
)

# Statuses in which a mission still takes place (for overlaps and calendars).
LIVE_STATES = tuple(s for s in MissionStatus.values if s != MissionStatus.CANCELLED)


def _with_counts(missions: QuerySet[Mission]) -> QuerySet[Mission]:
    accepted = Q(invitations__status=InvitationStatus.ACCEPTED)
    pending = Q(invitations__status=InvitationStatus.INVITED)
    return missions.annotate(
        accepted_count=Count("invitations", filter=accepted),
        pending_count=Count("invitations", filter=pending),
    )


def missions_visible_to(user) -> QuerySet[Mission]:
    """Staff see every mission; partners their institutions' missions once they leave the draft
    stage; experts the missions they accepted."""
    if not user.is_authenticated:
        return Mission.objects.none()
    if user.is_programme_staff:
        return Mission.objects.all()
    if user.role == Role.PARTNER:
        return Mission.objects.filter(
            Exists(
                Action.institutions.through.objects.filter(
                    action_id=OuterRef("action_id"), institution_id__in=institution_ids_of(user)
                )
            )
        ).exclude(status=MissionStatus.DRAFT)
    if user.role == Role.EXPERT:
        return Mission.objects.filter(
            Exists(
                Invitation.objects.accepted().filter(mission_id=OuterRef("pk"), expert__user=user)
            )
        )
    return Mission.objects.none()


def missions_list(user) -> QuerySet[Mission]:
    """The missions a user may list, with what the list shows, soonest first."""
    return _with_counts(
        missions_visible_to(user).select_related("action", "country").order_by("start_date", "id")
    )


def missions_for_action(action: Action, user) -> QuerySet[Mission]:
    """The missions of one action that the user may see (the action page's list)."""
    return missions_list(user).filter(action=action).order_by("number")


def mission_confirmed_invitations(mission: Mission) -> QuerySet[Invitation]:
    """The experts who accepted, with what partners may see of them (name, employer, country)."""
    return (
        mission.invitations.accepted()
        .select_related("expert__user", "expert__nationality")
        .order_by("role", "expert__user__full_name")
    )


def mission_invitations(mission: Mission) -> QuerySet[Invitation]:
    """Every invitation of a mission, for staff."""
    return mission.invitations.select_related(
        "expert__user", "expert__nationality", "invited_by"
    ).order_by("status", "-score", "expert__user__full_name")


def mission_reports(mission: Mission) -> QuerySet[MissionReport]:
    return mission.reports.select_related("expert__user").order_by("expert__user__full_name")


def mission_feedback(mission: Mission) -> QuerySet[Feedback]:
    return mission.feedback.select_related("institution", "submitted_by").order_by(
        "institution__name"
    )


def mission_shortlist(mission: Mission) -> Shortlist | None:
    """The shortlist that matching stored for the mission, if any."""
    return Shortlist.objects.filter(
        content_type=ContentType.objects.get_for_model(Mission), object_id=mission.pk
    ).first()


def mission_shortlist_entries(mission: Mission) -> QuerySet[ShortlistEntry]:
    """The candidates on the mission's shortlist (not dropped), best first, each with the status
    of its invitation to this mission if there is one (``invitation_status``)."""
    shortlist = mission_shortlist(mission)
    entries = (
        shortlist.entries.filter(dropped=False) if shortlist else ShortlistEntry.objects.none()
    )
    invitation = Invitation.objects.filter(mission=mission, expert_id=OuterRef("expert_id"))
    return (
        entries.select_related("expert__user", "expert__nationality")
        .annotate(invitation_status=invitation.values("status")[:1])
        .order_by("rank", "-total_score", "expert_id")
    )


def expert_unavailability_reason(
    *, expert: Expert, start: datetime.date, end: datetime.date, exclude_mission_id: int | None
) -> str | None:
    """Why the expert cannot take a mission from ``start`` to ``end``, or None if they can.

    Hard constraints of the roster: approved and consenting (``experts.rules``), no declared
    unavailability, and no other accepted mission overlapping the period (a cancelled mission
    frees its dates).
    """
    if not expert_can_be_invited(expert):
        return _(
            "The expert is not (or no longer) approved in the roster, or has withdrawn their "
            "consent to data processing."
        )
    if UnavailablePeriod.objects.filter(expert=expert, start__lte=end, end__gte=start).exists():
        return _("The expert has declared being unavailable during the mission's dates.")
    clash = (
        Invitation.objects.accepted()
        .filter(
            expert=expert,
            mission__status__in=LIVE_STATES,
            mission__start_date__lte=end,
            mission__end_date__gte=start,
        )
        .exclude(mission_id=exclude_mission_id)
        .select_related("mission__action")
        .first()
    )
    if clash:
        return _(
            "The expert already takes part in %(mission)s (%(start)s – %(end)s), which overlaps "
            "the mission's dates."
        ) % {
            "mission": clash.mission.reference,
            "start": clash.mission.start_date.isoformat(),
            "end": clash.mission.end_date.isoformat(),
        }
    return None


def mission_missing_reports(mission: Mission) -> QuerySet[Expert]:
    """Experts on the mission whose report is not accepted yet."""
    accepted_report = MissionReport.objects.filter(
        mission=mission, expert_id=OuterRef("pk"), status=ReportStatus.ACCEPTED
    )
    return (
        Expert.objects.filter(
            invitations__mission=mission, invitations__status=InvitationStatus.ACCEPTED
        )
        .exclude(Exists(accepted_report))
        .select_related("user")
    )


def mission_officers(mission: Mission) -> list[User]:
    """Who follows the mission for the programme: the action's officer, else its creator."""
    return [mission.action.assigned_officer or mission.created_by]


def mission_partner_users(mission: Mission) -> QuerySet[User]:
    """Active members of the mission's partner institutions."""
    return User.objects.filter(
        memberships__institution__actions=mission.action_id,
        memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    ).distinct()


def mission_partner_institutions(mission: Mission, user) -> QuerySet[Institution]:
    """The user's institutions among the mission's partners (those the user may give feedback
    for)."""
    return mission.action.institutions.filter(pk__in=institution_ids_of(user)).order_by("name")


def invitations_of(user) -> QuerySet[Invitation]:
    """An expert's own invitations (never shortlisted ones: those are staff's working list)."""
    if not user.is_authenticated or user.role != Role.EXPERT:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(expert__user=user)
        .exclude(status=InvitationStatus.SHORTLISTED)
        .select_related("mission__action", "mission__country")
    )


def reports_visible_to(user) -> QuerySet[MissionReport]:
    """Staff see every report; an expert their own."""
    if not user.is_authenticated:
        return MissionReport.objects.none()
    if user.is_programme_staff:
        return MissionReport.objects.all()
    if user.role == Role.EXPERT:
        return MissionReport.objects.filter(expert__user=user)
    return MissionReport.objects.none()


def partner_missions_overview(user) -> QuerySet[Mission]:
    """A partner's missions that are not closed or cancelled, with the confirmed experts and the
    feedback already given (prefetched)."""
    return (
        missions_list(user)
        .exclude(status__in=(MissionStatus.CLOSED, MissionStatus.CANCELLED))
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.accepted().select_related(
                    "expert__user", "expert__nationality"
                ),
                to_attr="confirmed",
            ),
            Prefetch(
                "feedback",
                queryset=Feedback.objects.filter(institution_id__in=institution_ids_of(user)),
                to_attr="own_feedback",
            ),
        )
    )


def missions_for_calendar(user) -> QuerySet[Mission]:
    """The missions in a user's calendar: an expert's accepted ones, a partner's institutions'
    ones, and for staff the missions of the actions they follow."""
    if user.is_programme_staff:
        missions = Mission.objects.filter(
            Q(action__assigned_officer=user) | Q(created_by=user)
        ).exclude(status=MissionStatus.DRAFT)
    else:
        missions = missions_visible_to(user)
    return missions.select_related("action", "country").order_by("start_date", "id")


def action_open_missions(action: Action) -> list[Mission]:
    """Missions of an action that are neither closed nor cancelled."""
    return list(
        action.missions.exclude(status__in=(MissionStatus.CLOSED, MissionStatus.CANCELLED))
        .select_related("action")
        .order_by("number")
    )
