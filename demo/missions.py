"""Demo missions: a mission in every status, invitations in every status, reports in every status
and partner feedback, all through the services and the state machines.

Runs last, on whatever demo actions and approved experts exist: the missions go to the open
actions (planned or in progress), most of them to the one the demo partner belongs to, and the
demo expert login takes part wherever it is free. Nothing happens when missions exist already
(safe to run again), or when there is no open action or too few approved experts.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role, User
from cooperation.models import Action, ActionStatus
from experts.models import Expert, RosterStatus
from experts.shortlists import shortlist_entry_add, shortlist_of
from missions import services
from missions.models import Invitation, InvitationStatus, Mission, MissionStatus, ReportStatus
from missions.selectors import expert_unavailability_reason
from partners.models import Membership, MembershipStatus
from reference.models import ActivityType, Country, Language

# The experts a plan involves: LOGIN is the demo expert, 1–5 other approved experts.
LOGIN = 0
OTHERS = 5
ACCEPTED, DECLINED, EXPIRED, INVITED, SHORTLISTED, WITHDRAWN = (
    InvitationStatus.ACCEPTED,
    InvitationStatus.DECLINED,
    InvitationStatus.EXPIRED,
    InvitationStatus.INVITED,
    InvitationStatus.SHORTLISTED,
    InvitationStatus.WITHDRAWN,
)


@dataclass(frozen=True)
class Plan:
    status: str
    activity_type: str
    title: str
    start_in_days: int  # from today; negative for missions that have taken place
    days: int
    experts_needed: int
    place: str  # "partner" (the partner institution's country), "remote", or a country code
    # (expert number, final invitation status, report status or ""), in the order they answer.
    experts: tuple[tuple[int, str, str], ...] = ()


PLANS = (
    Plan(
        MissionStatus.CLOSED,
        ActivityType.EXPERT_MISSION,
        "Inception and assessment mission",
        -120,
        5,
        2,
        "partner",
        (
            (2, DECLINED, ""),
            (LOGIN, ACCEPTED, ReportStatus.ACCEPTED),
            (1, ACCEPTED, ReportStatus.ACCEPTED),
        ),
    ),
    Plan(
        MissionStatus.REPORTED,
        ActivityType.STUDY_VISIT,
        "Study visit to peer institutions in Luxembourg",
        -75,
        4,
        1,
        "LU",
        ((3, ACCEPTED, ReportStatus.ACCEPTED),),
    ),
    Plan(
        MissionStatus.COMPLETED,
        ActivityType.EXPERT_MISSION,
        "Expert review of the legal framework",
        -30,
        5,
        2,
        "partner",
        (
            (4, EXPIRED, ""),
            (LOGIN, ACCEPTED, ReportStatus.RETURNED),
            (1, ACCEPTED, ReportStatus.SUBMITTED),
        ),
    ),
    Plan(
        MissionStatus.IN_PROGRESS,
        ActivityType.REMOTE_MISSION,
        "Remote follow-up with the working group",
        -3,
        10,
        1,
        "remote",
        ((LOGIN, ACCEPTED, ReportStatus.DRAFT),),
    ),
    Plan(
        MissionStatus.STAFFED,
        ActivityType.WORKSHOP,
        "Workshop with the stakeholders",
        25,
        3,
        2,
        "partner",
        ((LOGIN, ACCEPTED, ""), (2, ACCEPTED, ""), (5, WITHDRAWN, "")),
    ),
    Plan(
        MissionStatus.RECRUITING,
        ActivityType.EXPERT_MISSION,
        "Second expert mission on site",
        45,
        5,
        2,
        "partner",
        ((1, DECLINED, ""), (4, ACCEPTED, ""), (LOGIN, INVITED, ""), (3, SHORTLISTED, "")),
    ),
    Plan(
        MissionStatus.DRAFT,
        ActivityType.WEBINAR,
        "Webinar for the regional offices",
        70,
        1,
        1,
        "remote",
    ),
    Plan(
        MissionStatus.CANCELLED,
        ActivityType.EXPERT_MISSION,
        "Field visit to the regional offices",
        35,
        3,
        1,
        "partner",
        ((5, WITHDRAWN, ""),),
    ),
)

# The transitions staff take after the answers, to bring a mission to its status.
STAFF_STEPS = {
    MissionStatus.CLOSED: ("start", "complete"),
    MissionStatus.REPORTED: ("start", "complete"),
    MissionStatus.COMPLETED: ("start", "complete"),
    MissionStatus.IN_PROGRESS: ("start",),
    MissionStatus.CANCELLED: ("cancel",),
}
CANCEL_COMMENT = "The partner postponed the reform; the visit will be planned again."

CAPITALS = {
    "AL": "Tirana",
    "BA": "Sarajevo",
    "GE": "Tbilisi",
    "KG": "Bishkek",
    "KZ": "Astana",
    "MD": "Chișinău",
    "ME": "Podgorica",
    "MK": "Skopje",
    "RS": "Belgrade",
    "UA": "Kyiv",
    "UZ": "Tashkent",
    "XK": "Pristina",
    "LU": "Luxembourg",
    "PT": "Lisbon",
}

TERMS = (
    "The experts meet the institution's working group, review the documents it shares and "
    "discuss the options with its management. They present their recommendations at a closing "
    "meeting and summarise them in their mission reports."
)
DECLINE_REASON = "I am on a parliamentary hearing that week; I would gladly join a later mission."
REPORT = {
    "activities": "Meetings with the working group and the management; review of the draft "
    "legislation and of the internal procedures; a closing workshop with 25 participants.",
    "findings": "The mandate of the institution is broad but its procedures are not written "
    "down; staff rely on individual experience and the regional offices apply rules unevenly.",
    "recommendations": "Adopt written procedures for the core processes; train the regional "
    "staff; set up a small monitoring unit reporting to the management every quarter.",
    "follow_up": "A study visit to a peer institution in an EU member state, then a remote "
    "review of the draft procedures.",
}
SHORTLIST_NOTE = "Known to the partner from an earlier peer exchange."
RETURN_COMMENT = "Please add the list of the people you met and the sources of the figures."
FEEDBACK = (
    {"relevance": 5, "expertise": 5, "organisation": 4, "usefulness": 5},
    "The experts understood our situation quickly; their recommendations are now in our plan.",
)


def seed_demo_missions(*, officer: User, partner: User, expert_user: User) -> list[Mission]:
    if Mission.objects.exists():
        return []
    actions = _open_actions(partner)
    experts = _experts(expert_user)
    if not actions or experts is None:
        return []
    main, *others = actions
    missions = [_mission_for(plan, main, officer, experts) for plan in PLANS]
    # The other open actions get a first mission, still being planned.
    draft = next(plan for plan in PLANS if plan.status == MissionStatus.DRAFT)
    missions += [_mission_for(draft, action, officer, experts) for action in others]
    for mission in missions:
        _give_feedback(mission)
    return missions


def _open_actions(partner: User) -> list[Action]:
    """Planned and in-progress actions, the demo partner's first."""
    actions = Action.objects.filter(
        status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    ).order_by("reference")
    partner_institutions = set(
        partner.memberships.filter(status=MembershipStatus.ACTIVE).values_list(
            "institution_id", flat=True
        )
    )
    return sorted(
        actions.prefetch_related("institutions"),
        key=lambda a: not any(i.pk in partner_institutions for i in a.institutions.all()),
    )


def _periods(expert_number: int) -> list[tuple[datetime.date, datetime.date]]:
    """The periods of the missions the expert accepts in the plans."""
    return [
        _dates(plan)
        for plan in PLANS
        for number, status, _report in plan.experts
        if number == expert_number and status == InvitationStatus.ACCEPTED
    ]


def _dates(plan: Plan) -> tuple[datetime.date, datetime.date]:
    start = timezone.localdate() + datetime.timedelta(days=plan.start_in_days)
    return start, start + datetime.timedelta(days=plan.days - 1)


def _free(expert: Expert, number: int) -> bool:
    return all(
        expert_unavailability_reason(expert=expert, start=start, end=end, exclude_mission_id=None)
        is None
        for start, end in _periods(number)
    )


def _experts(expert_user: User) -> list[Expert] | None:
    """The demo login and five more approved experts, each free for the missions it accepts; the
    demo login is replaced by another expert when it is not free. None when too few are."""
    approved = Expert.objects.filter(
        roster_status=RosterStatus.APPROVED,
        consent_given_at__isnull=False,
        anonymised_at__isnull=True,
    ).select_related("user")
    login = approved.filter(user=expert_user).first()
    candidates = list(approved.exclude(user=expert_user).order_by("id")[:50])
    chosen: list[Expert] = []
    for number in range(OTHERS + 1):
        pool = ([login] if number == LOGIN and login else []) + candidates
        expert = next((e for e in pool if e not in chosen and _free(e, number)), None)
        if expert is None:
            return None
        chosen.append(expert)
    return chosen


def _place(plan: Plan, action: Action) -> dict:
    """Where the mission takes place; remote when the plan says so or the city is unknown."""
    code = action.institutions.all()[0].country_id if plan.place == "partner" else plan.place
    if plan.place == "remote" or code not in CAPITALS:
        return {"is_remote": True, "city": "", "country": None}
    return {"is_remote": False, "city": CAPITALS[code], "country": Country.objects.get(pk=code)}


def _mission_for(plan: Plan, action: Action, officer: User, experts: list[Expert]) -> Mission:
    start, end = _dates(plan)
    mission = services.mission_create(
        action=action,
        actor=officer,
        fields={
            "activity_type": plan.activity_type,
            "title": f"{plan.title}: {action.title}"[:255],
            "terms_of_reference": TERMS,
            "start_date": start,
            "end_date": end,
            "expert_days": plan.days * plan.experts_needed,
            "experts_needed": plan.experts_needed,
            **_place(plan, action),
        },
        languages=Language.objects.filter(code="en"),
        themes=action.themes.all(),
    )
    if plan.status == MissionStatus.DRAFT:
        return mission
    mission = services.mission_transition(mission=mission, name="publish", actor=officer)
    _recruit(mission, plan, officer, experts)
    for step in STAFF_STEPS.get(plan.status, ()):
        mission = services.mission_transition(
            mission=mission,
            name=step,
            actor=officer,
            comment=CANCEL_COMMENT if step == "cancel" else "",
        )
    _report(mission, plan, officer, experts)
    if plan.status == MissionStatus.CLOSED:
        mission = services.mission_transition(mission=mission, name="close", actor=officer)
    if plan.start_in_days < 0:
        _backdate_invitations(mission)
    mission.refresh_from_db()  # reports accepted may have moved it on (to "reported")
    return mission


def _recruit(mission: Mission, plan: Plan, officer: User, experts: list[Expert]) -> None:
    """Shortlist the plan's experts, invite them, and let each answer as the plan says."""
    people = [(experts[number], status) for number, status, _report in plan.experts]
    if not people:
        return
    # mission_create left the shortlist pending: matching fills it in after the commit and keeps
    # the experts staff added by hand, as here.
    shortlist = shortlist_of(mission)
    entries = [
        shortlist_entry_add(shortlist=shortlist, expert=expert, note=SHORTLIST_NOTE, actor=officer)
        for expert, _status in people
    ]
    statuses = [status for _expert, status in people]
    to_invite = [e for e, status in zip(entries, statuses, strict=True) if status != SHORTLISTED]
    for entry, status in zip(entries, statuses, strict=True):
        if status == SHORTLISTED:
            Invitation.objects.create(
                mission=mission,
                expert=entry.expert,
                score=entry.total_score,
                score_explanation=entry.explanation,
            )
    invitations = services.invitations_send(
        mission=mission,
        entries=to_invite,
        deadline=timezone.now() + datetime.timedelta(days=7),
        actor=officer,
    )
    by_expert = {invitation.expert_id: invitation for invitation in invitations}
    for expert, status in people:
        invitation = by_expert.get(expert.pk)
        if invitation is None:
            continue
        if status == ACCEPTED:
            services.invitation_accept(invitation=invitation, actor=expert.user)
        elif status == DECLINED:
            services.invitation_decline(
                invitation=invitation, actor=expert.user, reason=DECLINE_REASON
            )
        elif status == EXPIRED:
            Invitation.objects.filter(pk=invitation.pk).update(
                deadline=timezone.now() - datetime.timedelta(hours=1)
            )
            services.invitations_expire()


def _report(mission: Mission, plan: Plan, officer: User, experts: list[Expert]) -> None:
    """Each expert's report, in the status the plan gives it."""
    for number, _status, report_status in plan.experts:
        if not report_status:
            continue
        expert = experts[number]
        report = services.report_save(
            mission=mission, expert=expert, actor=expert.user, sections=REPORT
        )
        if report_status == ReportStatus.DRAFT:
            continue
        report = services.report_submit(report=report, actor=expert.user)
        if report_status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
            accept = report_status == ReportStatus.ACCEPTED
            services.report_review(
                report=report,
                actor=officer,
                accept=accept,
                comment="" if accept else RETURN_COMMENT,
            )


def _backdate_invitations(mission: Mission) -> None:
    """Invitations of a mission that has taken place were sent and answered before it."""
    start = datetime.datetime.combine(mission.start_date, datetime.time(12), tzinfo=datetime.UTC)
    answered = Invitation.objects.filter(mission=mission).exclude(status=SHORTLISTED)
    answered.update(
        invited_at=start - datetime.timedelta(days=28), deadline=start - datetime.timedelta(days=14)
    )
    answered.filter(responded_at__isnull=False).update(
        responded_at=start - datetime.timedelta(days=20)
    )


def _give_feedback(mission: Mission) -> None:
    """The partner's feedback on the missions that are reported or closed; on the reported one
    it is sent twice (the second edits the first)."""
    if mission.status not in (MissionStatus.REPORTED, MissionStatus.CLOSED):
        return
    for institution in mission.action.institutions.all():
        membership = (
            Membership.objects.filter(
                institution=institution,
                status=MembershipStatus.ACTIVE,
                user__role=Role.PARTNER,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("role", "pk")  # focal points first
            .first()
        )
        if membership is None:
            continue
        member = membership.user
        ratings, comments = FEEDBACK
        services.feedback_save(
            mission=mission,
            institution=institution,
            actor=member,
            ratings=ratings,
            comments=comments,
        )
        if mission.status == MissionStatus.REPORTED:
            services.feedback_save(
                mission=mission,
                institution=institution,
                actor=member,
                ratings={**ratings, "organisation": 5},
                comments=f"{comments} The logistics were fine in the end.",
            )
