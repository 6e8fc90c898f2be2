"""A small programme whose figures were counted by hand (see each comment), for the period
1 January to 30 June 2025.

Requests (lead institution, submitted, outcome):
  R1 ME 10 Jan accepted 20 Jan (10 days) → A1, co-applicant KZ; pensions; English
  R2 ME 15 Jan rejected 14 Feb (30 days); pensions; Serbian
  R3 XK  3 Feb accepted 23 Feb (20 days) → A2; child protection; English
  R4 KZ  5 Mar accepted 19 Mar (14 days) → A3; health insurance; Russian
  R5 KZ 20 Mar in review; health insurance; Russian, Kazakh
  R6 XK  2 Apr withdrawn; pensions
  R7 KZ  1 Nov 2024 accepted 11 Nov 2024 → A4 (outside the period); pensions
  R8 ME draft (never counted)
Missions (action, start, status, type, country, expert-days, accepted experts):
  M0 A1 25 Jan cancelled (never counted), E4
  M1 A1 10 Feb completed, on-site, ME, 5 days: E1, E2 (E3 declined)
  M2 A1  5 May draft (never counted)
  M3 A2 14 Apr staffed, study visit, AT, 3 days: E2
  M4 A3  8 Apr reported, remote, no country, 4 days: E3
  M5 A4  2 Jun closed, on-site, KZ, 6 days: E1
  M6 A4  1 Dec 2024 completed (outside the period), KZ, 10 days: E4
Experts: E1 Luxembourg, E2 and E3 Germany, E4 France (all approved), E5 applied.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from cooperation.models import Action, ActionStatus, RequestStatus
from experts.models import RosterStatus
from missions.models import Feedback, InvitationStatus, MissionStatus
from partners.models import MembershipStatus
from reference.models import ActivityType, LanguageLevel
from tests.factories import (
    ActionFactory,
    ExpertFactory,
    ExpertLanguageFactory,
    ExpertThemeFactory,
    InstitutionFactory,
    InvitationFactory,
    MembershipFactory,
    MissionFactory,
    RequestFactory,
    SubmittedRequestFactory,
    country,
    language,
    theme,
)

PERIOD = {"start": "2025-01-01", "end": "2025-06-30"}


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _request(institution, submitted, status, *, decided=None, action=None, themes, languages=()):
    request = SubmittedRequestFactory(
        lead_institution=institution,
        submitted_at=submitted,
        status=status,
        decided_at=decided,
        action=action,
    )
    request.themes.set([theme(code) for code in themes])
    request.languages.set([language(code) for code in languages])
    return request


def _action(institution, created, status, theme_code):
    action = ActionFactory(institutions=[institution], status=status)
    action.themes.set([theme(theme_code)])
    Action.objects.filter(pk=action.pk).update(created_at=created)
    return action


def _mission(action, start, status, activity_type, country_code, expert_days, experts):
    mission = MissionFactory(
        action=action,
        start_date=start,
        end_date=start + datetime.timedelta(days=4),
        status=status,
        activity_type=activity_type,
        country=country(country_code) if country_code else None,
        is_remote=country_code is None,
        expert_days=expert_days,
    )
    for expert in experts:
        InvitationFactory(mission=mission, expert=expert, status=InvitationStatus.ACCEPTED)
    return mission


def build_programme() -> SimpleNamespace:
    """Make the hand-counted programme described above."""
    me = InstitutionFactory(country=country("ME"), name="Ministry of Labour and Social Welfare")
    xk = InstitutionFactory(country=country("XK"), name="Ministry of Finance, Labour and Transfers")
    kz = InstitutionFactory(country=country("KZ"), name="Social Health Insurance Fund")

    a1 = _action(me, at(2025, 1, 22), ActionStatus.COMPLETED, "pensions")
    a2 = _action(xk, at(2025, 2, 25), ActionStatus.IN_PROGRESS, "child-protection")
    a3 = _action(kz, at(2025, 3, 21), ActionStatus.IN_PROGRESS, "health-insurance")
    a4 = _action(kz, at(2024, 11, 15), ActionStatus.COMPLETED, "pensions")

    r1 = _request(
        me,
        at(2025, 1, 10),
        RequestStatus.ACCEPTED,
        decided=at(2025, 1, 20),
        action=a1,
        themes=["pensions"],
        languages=["en"],
    )
    r1.co_applicants.set([kz])
    _request(
        me,
        at(2025, 1, 15),
        RequestStatus.REJECTED,
        decided=at(2025, 2, 14),
        themes=["pensions"],
        languages=["sr"],
    )
    _request(
        xk,
        at(2025, 2, 3),
        RequestStatus.ACCEPTED,
        decided=at(2025, 2, 23),
        action=a2,
        themes=["child-protection"],
        languages=["en"],
    )
    _request(
        kz,
        at(2025, 3, 5),
        RequestStatus.ACCEPTED,
        decided=at(2025, 3, 19),
        action=a3,
        themes=["health-insurance"],
        languages=["ru"],
    )
    _request(
        kz,
        at(2025, 3, 20),
        RequestStatus.IN_REVIEW,
        themes=["health-insurance"],
        languages=["ru", "kk"],
    )
    _request(xk, at(2025, 4, 2), RequestStatus.WITHDRAWN, themes=["pensions"])
    _request(
        kz,
        at(2024, 11, 1),
        RequestStatus.ACCEPTED,
        decided=at(2024, 11, 11),
        action=a4,
        themes=["pensions"],
    )
    RequestFactory(lead_institution=me)

    e1 = ExpertFactory(nationality=country("LU"))
    e2 = ExpertFactory(nationality=country("DE"))
    e3 = ExpertFactory(nationality=country("DE"))
    e4 = ExpertFactory(nationality=country("FR"))
    e5 = ExpertFactory(nationality=country("FR"), roster_status=RosterStatus.APPLIED)
    for expert, codes in (
        (e1, ["pensions"]),
        (e2, ["pensions", "health-insurance"]),
        (e3, ["child-protection"]),
        (e4, ["health-insurance"]),
        (e5, ["pensions"]),
    ):
        for code in codes:
            ExpertThemeFactory(expert=expert, theme=theme(code))
    for expert, code, level in (
        (e1, "en", LanguageLevel.C1),
        (e1, "de", LanguageLevel.NATIVE),
        (e2, "en", LanguageLevel.B2),
        (e3, "ru", LanguageLevel.C2),
        (e4, "ru", LanguageLevel.B1),
    ):
        ExpertLanguageFactory(expert=expert, language=language(code), level=level)

    D = datetime.date
    m0 = _mission(
        a1, D(2025, 1, 25), MissionStatus.CANCELLED, ActivityType.EXPERT_MISSION, "ME", 5, [e4]
    )
    m1 = _mission(
        a1, D(2025, 2, 10), MissionStatus.COMPLETED, ActivityType.EXPERT_MISSION, "ME", 5, [e1, e2]
    )
    InvitationFactory(mission=m1, expert=e3, status=InvitationStatus.DECLINED)
    _mission(a1, D(2025, 5, 5), MissionStatus.DRAFT, ActivityType.WORKSHOP, "ME", 2, [])
    m3 = _mission(
        a2, D(2025, 4, 14), MissionStatus.STAFFED, ActivityType.STUDY_VISIT, "AT", 3, [e2]
    )
    m4 = _mission(
        a3, D(2025, 4, 8), MissionStatus.REPORTED, ActivityType.REMOTE_MISSION, None, 4, [e3]
    )
    m5 = _mission(
        a4, D(2025, 6, 2), MissionStatus.CLOSED, ActivityType.EXPERT_MISSION, "KZ", 6, [e1]
    )
    m6 = _mission(
        a4, D(2024, 12, 1), MissionStatus.COMPLETED, ActivityType.EXPERT_MISSION, "KZ", 10, [e4]
    )

    partner_me = MembershipFactory(institution=me).user
    partner_kz = MembershipFactory(institution=kz).user
    for mission, institution, user, scores in (
        (m1, me, partner_me, (5, 4, 3, 4)),
        (m4, kz, partner_kz, (3, 5, 4, 2)),
        (m6, kz, partner_kz, (1, 1, 1, 1)),
    ):
        relevance, expertise, organisation, usefulness = scores
        Feedback.objects.create(
            mission=mission,
            institution=institution,
            submitted_by=user,
            relevance=relevance,
            expertise=expertise,
            organisation=organisation,
            usefulness=usefulness,
        )
    MembershipFactory(institution=xk, status=MembershipStatus.PENDING)

    return SimpleNamespace(
        institutions=SimpleNamespace(me=me, xk=xk, kz=kz),
        actions=SimpleNamespace(a1=a1, a2=a2, a3=a3, a4=a4),
        missions=SimpleNamespace(m0=m0, m1=m1, m3=m3, m4=m4, m5=m5, m6=m6),
        experts=SimpleNamespace(e1=e1, e2=e2, e3=e3, e4=e4, e5=e5),
        partner_me=partner_me,
        partner_kz=partner_kz,
    )
