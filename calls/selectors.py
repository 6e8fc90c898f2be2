"""Reads of the calls domain: what each audience sees, and the positions ranked for an expert.

Ranking reuses ``experts.matching`` whole: a position's criteria are its mission's
(``criteria_for``) narrowed to the position's sub-area, languages, dates and expertise sought,
and the expert is scored and explained by ``score_experts`` with the hard constraints they miss
(``unmet_constraints``), exactly as staff see a candidate they add by hand.
"""

import dataclasses
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from experts.matching import (
    CRITERION_LABELS,
    Match,
    MatchingCriteria,
    criteria_build,
    criteria_for,
    expert_facts,
    expert_scores,
    explain,
    matching_weights,
    rank_experts,
    unmet_constraints,
    weighted_total,
)
from experts.models import Expert

from .models import Application, ApplicationStatus, Call, CallStatus, Position

# The expert's page scores at most this many open positions (nearest deadline first).
RANKED_POSITIONS_LIMIT = 30
# ... of which the best this many are explained (matching's sentence, hard constraints missed).
EXPLAINED_POSITIONS = 10
# Applications that still count (not withdrawn).
LIVE_APPLICATIONS = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INVITED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.UNSUCCESSFUL,
)


def calls_for_staff() -> QuerySet[Call]:
    return Call.objects.select_related("mission__action", "created_by").annotate(
        position_count=Count("positions", distinct=True),
        application_count=Count(
            "applications",
            filter=Q(applications__status__in=LIVE_APPLICATIONS),
            distinct=True,
        ),
    )


def calls_public() -> QuerySet[Call]:
    """Published calls (open or closed): what anyone may read."""
    return Call.objects.filter(status__in=(CallStatus.PUBLISHED, CallStatus.CLOSED)).select_related(
        "mission__action", "mission__country"
    )


def positions_open() -> QuerySet[Position]:
    """Positions of published calls still taking applications, nearest deadline first."""
    return (
        Position.objects.filter(
            call__status=CallStatus.PUBLISHED,
            call__deadline__gt=timezone.now(),
            filled_at__isnull=True,
        )
        .select_related("call__mission__action", "call__mission__country", "theme")
        .prefetch_related("languages")
        .order_by("call__deadline", "call_id", "role", "pk")
    )


def call_positions(call: Call) -> QuerySet[Position]:
    return call.positions.select_related("theme").prefetch_related("languages")


def call_applications(call: Call) -> QuerySet[Application]:
    return call.applications.select_related(
        "expert__user", "expert__nationality", "position__theme"
    ).order_by("position__role", "position_id", "created_at")


def applications_of(user) -> QuerySet[Application]:
    """The user's own applications (none unless an expert)."""
    return Application.objects.filter(expert__user=user).select_related(
        "call__mission", "position__theme"
    )


def expert_of(user) -> Expert | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(user=user).first()


def position_criteria(
    position: Position,
    base: MatchingCriteria | None = None,
    themes: dict[int, MatchingCriteria] | None = None,
) -> MatchingCriteria:
    """What a position asks of the experts: its mission's criteria, narrowed to the position.

    ``base`` (the mission's criteria) and ``themes`` (criteria per theme id) are caches for
    callers that read many positions."""
    base = base or criteria_for(position.call.mission)
    themes = {} if themes is None else themes
    if position.theme_id not in themes:
        themes[position.theme_id] = criteria_build(theme_ids=[position.theme_id])
    language_codes = tuple(sorted({language.pk for language in position.languages.all()}))
    return dataclasses.replace(
        base,
        themes=themes[position.theme_id].themes,
        language_codes=language_codes or base.language_codes,
        start=position.start_date,
        end=position.end_date,
        text="\n".join([position.expertise_sought, base.text]),
    )


@dataclass(frozen=True)
class RankedPosition:
    position: Position
    match: Match
    unmet: tuple[str, ...] = ()
    explained: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.match.total)

    @property
    def criteria_scores(self) -> list[tuple[str, float]]:
        """(label, score 0–1) per criterion, as the shortlist shows them."""
        return [(str(CRITERION_LABELS[name]), score) for name, score in self.match.scores.items()]

    @property
    def fits(self) -> bool:
        """No hard constraint of matching is missed (known for the explained positions)."""
        return not self.unmet


def positions_ranked_for(expert: Expert) -> list[RankedPosition]:
    """The open positions, best fit for ``expert`` first (ties by deadline).

    Scores come from matching itself (``expert_facts``, ``expert_scores``, ``weighted_total``:
    what ``score_experts`` computes), the expert's facts read once; the best
    ``EXPLAINED_POSITIONS`` also get matching's sentence and the hard constraints the expert
    misses (``explain``, ``unmet_constraints``), so the page costs a bounded number of queries
    beyond a few per mission and theme."""
    positions = list(positions_open()[:RANKED_POSITIONS_LIMIT])
    if not positions:
        return []
    weights = matching_weights()
    facts = expert_facts(Expert.objects.filter(pk=expert.pk), MatchingCriteria())[expert.pk]
    bases: dict[int, MatchingCriteria] = {}
    themes: dict[int, MatchingCriteria] = {}
    scored = []
    for position in positions:
        mission = position.call.mission
        if mission.pk not in bases:
            bases[mission.pk] = criteria_for(mission)
        criteria = position_criteria(position, bases[mission.pk], themes)
        scores = expert_scores(facts, criteria, criteria.terms)
        scored.append(
            (position, criteria, Match(expert.pk, weighted_total(scores, weights), scores))
        )
    scored.sort(key=lambda item: -item[2].total)
    ranked = []
    for number, (position, criteria, match) in enumerate(scored):
        if number >= EXPLAINED_POSITIONS:
            ranked.append(RankedPosition(position, match))
            continue
        unmet = unmet_constraints(criteria, [expert.pk])
        (explained,) = explain(criteria, [match], unmet=unmet)
        ranked.append(RankedPosition(position, explained, tuple(unmet[expert.pk]), True))
    return ranked


def experts_fitting(position: Position, *, limit: int, threshold: float) -> list[Match]:
    """The best eligible experts for a position (matching's ranking), above ``threshold``."""
    matches = rank_experts(position_criteria(position), limit=limit)
    return [match for match in matches if match.total >= threshold]
