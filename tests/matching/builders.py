"""Small builders for matching scenarios: an expert or a request described in a line."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from cooperation.models import Request
from experts.models import EmployerType, Expert
from missions.models import Feedback, Invitation, InvitationStatus, Mission
from tests.factories import (
    ExpertFactory,
    ExpertLanguageFactory,
    ExpertThemeFactory,
    InstitutionFactory,
    MissionFactory,
    RequestFactory,
    country,
    language,
    theme,
)

START = datetime.date(2027, 3, 1)
END = datetime.date(2027, 3, 12)


def expert_with(
    *,
    name: str | None = None,
    themes: dict[str, int] | None = None,
    languages: dict[str, int] | None = None,
    countries: Iterable[str] = (),
    employer_type: str = EmployerType.PUBLIC_ADMINISTRATION,
    summary: str = "",
    keywords: str = "",
    position: str = "",
    **fields,
) -> Expert:
    """An approved, consenting expert; themes are {code: years}, languages {code: level}."""
    user = {"user__full_name": name} if name else {}
    expert = ExpertFactory(
        employer_type=employer_type,
        summary=summary,
        keywords=keywords,
        position=position,
        **user,
        **fields,
    )
    for code, years in (themes or {}).items():
        ExpertThemeFactory(expert=expert, theme=theme(code), years=years)
    for code, level in (languages if languages is not None else {"en": 5}).items():
        ExpertLanguageFactory(expert=expert, language=language(code), level=level)
    expert.countries_of_experience.set([country(code) for code in countries])
    return expert


def request_for(
    *,
    themes: Iterable[str] = (),
    languages: Iterable[str] = ("en",),
    country_code: str = "ME",
    start: datetime.date | None = START,
    end: datetime.date | None = END,
    title: str = "Support",
    expertise_sought: str = "",
    **fields,
) -> Request:
    """A request of an institution of ``country_code``, with only the given text."""
    request = RequestFactory(
        lead_institution=InstitutionFactory(country=country(country_code)),
        title=title,
        context="",
        objectives="",
        expertise_sought=expertise_sought,
        period_start=start,
        period_end=end,
        **fields,
    )
    request.themes.set([theme(code) for code in themes])
    request.languages.set([language(code) for code in languages])
    return request


def accepted_mission(
    expert: Expert,
    *,
    start: datetime.date,
    end: datetime.date,
    ratings: Iterable[int] | None = None,
) -> Mission:
    """A mission the expert accepted; with ``ratings`` (four numbers), the partner's feedback."""
    mission = MissionFactory(start_date=start, end_date=end)
    Invitation.objects.create(mission=mission, expert=expert, status=InvitationStatus.ACCEPTED)
    if ratings is not None:
        relevance, expertise, organisation, usefulness = ratings
        institution = mission.action.institutions.get()
        Feedback.objects.create(
            mission=mission,
            institution=institution,
            submitted_by=mission.created_by,
            relevance=relevance,
            expertise=expertise,
            organisation=organisation,
            usefulness=usefulness,
        )
    return mission


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
