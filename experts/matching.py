"""Matching: rank the approved experts of the roster for a request or a mission, and explain why.

This module owns the whole rule (docs/matching.md describes it for programme staff):

- ``criteria_for(subject)`` reads what a request or a mission asks for into a ``MatchingCriteria``;
- ``experts_eligible(criteria)`` applies the hard constraints (approved and consenting, available
  for the whole period, a working language at B2 or better, no declared conflict of interest);
- ``rank_experts(criteria)`` scores the eligible experts on the soft criteria and returns the best,
  each with a total, a score per criterion and a sentence a person can read.

Two implementations compute the same scores. On PostgreSQL the database filters and scores the
roster, tier by tier of a trigger-kept match profile, and returns only the top rows (usually in
one statement, see ``_rank_in_database``). Elsewhere (the SQLite demo) the eligible experts' facts
are loaded and scored in Python (``_rank_in_python``), which is also the benchmark's baseline.
Every score is built from operations that give bit-identical IEEE doubles in both (dyadic
constants, integer sums, one division each), so both rank the same data identically, ties broken
by expert id; ``tests/matching`` checks it.

``experts`` sits below ``missions`` in the import order: missions are read through the models
registry (``apps.get_model``) and the subject's attributes, never imported.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reference.models import Country, Language, LanguageLevel, ThematicArea

from .models import EmployerType, Expert, ExpertLanguage, ExpertTheme
from .selectors import INVITATION_ACCEPTED, experts_available_for, experts_matchable

# --- Weights and scoring parameters ---------------------------------------------------------------

# Each criterion scores an expert from 0 to 1; the total is the weighted sum (0 to 1 with these
# weights). Override some or all of them with settings.MATCHING_WEIGHTS = {"text": 0.25, ...}.
WEIGHTS: dict[str, float] = {
    "theme": 0.30,  # thematic fit: exact sub-area beats the same area; years of experience
    "text": 0.20,  # the subject's key words found in the profile (summary, keywords, position)
    "country": 0.15,  # experience in the partner country (1), or elsewhere in its region (0.5)
    "language": 0.10,  # level in the subject's working languages
    "employer": 0.10,  # public administration first: the programme mobilises public experts
    "rating": 0.10,  # partner feedback on earlier missions (0.5 while there is none)
    "fairness": 0.05,  # fewer recent missions rank higher, all else equal
}
CRITERIA: tuple[str, ...] = tuple(WEIGHTS)
CRITERION_LABELS = {
    "theme": gettext_lazy("Theme"),
    "text": gettext_lazy("Text"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
    "employer": gettext_lazy("Employer"),
    "rating": gettext_lazy("Rating"),
    "fairness": gettext_lazy("Fairness"),
}

# Thematic fit for one subject theme: the best of the expert's themes.
# Exact theme: 0.625 + 0.375 × min(years, 16) / 16, from 0.625 to 1.
# Another theme of the same area: 0.25 + 0.25 × min(years, 16) / 16, from 0.25 to 0.5.
EXACT_THEME = (0.625, 0.375)
SAME_AREA = (0.25, 0.25)
YEARS_FOR_FULL_MARKS = 16

# Employer type: public administration first.
EMPLOYER_SCORES: dict[str, float] = {
    EmployerType.PUBLIC_ADMINISTRATION: 1.0,
    EmployerType.MANDATED_BODY: 0.75,
    EmployerType.SOCIAL_PARTNER: 0.5,
    EmployerType.ACADEMIA: 0.5,
    EmployerType.INDEPENDENT: 0.25,
}
IN_COUNTRY, IN_REGION = 1.0, 0.5
UNRATED = 0.5  # an expert without feedback yet is neither favoured nor held back
RECENT_DAYS = 365  # workload: accepted missions that ended within a year (or are still to come)

# Text: the subject's words, lower-cased, stop words dropped, cut to a 6-letter stem that matches
# any profile word starting with it ("pensions" → "pensio" matches "pension" and "pensioners").
STEM_LENGTH = 6
MIN_WORD_LENGTH = 4
MAX_TERMS = 30
TEXT_FULL_MARKS = 6  # stems found in the profile for full marks
_STOP_WORDS = """
    about above across after again against also among and another any are around available based
    been before being below between both build but can cannot could current did does doing done
    during each either ensure especially expert experts expertise from further general given good
    had has have having help here how including into its itself like made make many more most much
    must need needed needs new not now other others our out over own part particular per
    possible programme project provide provided relevant request requested same should since some
    such support than that the their them then there these they this those through under until
    upon very want well were what when where which while who whom whose why will with within
    without work working would year years your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_WORDS = re.compile(r"[^\W\d_]+")


def matching_weights() -> dict[str, float]:
    """The weights in force: ``WEIGHTS`` with ``settings.MATCHING_WEIGHTS`` laid over them."""
    overrides = getattr(settings, "MATCHING_WEIGHTS", {}) or {}
    unknown = set(overrides) - set(WEIGHTS)
    if unknown:
        raise ValueError(f"MATCHING_WEIGHTS has unknown criteria: {', '.join(sorted(unknown))}")
    weights = {name: float(overrides.get(name, weight)) for name, weight in WEIGHTS.items()}
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("MATCHING_WEIGHTS must not be negative.")
    return weights


# --- What a subject asks for --------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectTheme:
    """A theme of the subject, with every theme of its area (the area and its sub-areas)."""

    theme_id: int
    area_theme_ids: frozenset[int]


@dataclass(frozen=True)
class MatchingCriteria:
    """Everything matching needs from a request or a mission, read once."""

    themes: tuple[SubjectTheme, ...] = ()
    language_codes: tuple[str, ...] = ()
    country_code: str | None = None
    region_country_codes: frozenset[str] = frozenset()  # the partner country's region, itself too
    start: datetime.date | None = None
    end: datetime.date | None = None
    institution_ids: frozenset[int] = frozenset()
    text: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def terms(self) -> tuple[str, ...]:
        return text_terms(self.text)

    @property
    def recent_since(self) -> datetime.date:
        return self.today - datetime.timedelta(days=RECENT_DAYS)


def text_terms(text: str) -> tuple[str, ...]:
    """The stems matching looks for: distinct, in order of first appearance, at most MAX_TERMS."""
    stems: dict[str, None] = {}
    for word in _WORDS.findall(text.lower()):
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS:
            stems.setdefault(word[:STEM_LENGTH], None)
            if len(stems) == MAX_TERMS:
                break
    return tuple(stems)


def term_words(text: str) -> dict[str, str]:
    """Each stem of ``text_terms`` with the first word of the text it comes from (for people)."""
    words: dict[str, str] = {}
    for word in _WORDS.findall(text.lower()):
        words.setdefault(word[:STEM_LENGTH], word)
    return {term: words[term] for term in text_terms(text)}


def profile_words(*parts: str) -> frozenset[str]:
    """The words of a profile, as PostgreSQL's "simple" text search configuration reads them."""
    return frozenset(_WORDS.findall(" ".join(parts).lower()))


def matched_terms(terms: Iterable[str], words: frozenset[str]) -> list[str]:
    return [term for term in terms if any(word.startswith(term) for word in words)]


def criteria_build(
    *,
    theme_ids: Iterable[int] = (),
    language_codes: Iterable[str] = (),
    country: Country | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    institution_ids: Iterable[int] = (),
    text: str = "",
    today: datetime.date | None = None,
) -> MatchingCriteria:
    """Criteria from plain values (what ``criteria_for`` reads off a request or a mission)."""
    rows = dict(ThematicArea.objects.filter(pk__in=set(theme_ids)).values_list("pk", "parent_id"))
    areas = {pk: parent_id or pk for pk, parent_id in rows.items()}
    members: dict[int, set[int]] = defaultdict(set)
    for pk, parent_id in ThematicArea.objects.filter(
        Q(pk__in=set(areas.values())) | Q(parent_id__in=set(areas.values()))
    ).values_list("pk", "parent_id"):
        members[parent_id or pk].add(pk)
    themes = tuple(
        SubjectTheme(theme_id=pk, area_theme_ids=frozenset(members[area]))
        for pk, area in sorted(areas.items())
    )
    region_codes: frozenset[str] = frozenset()
    if country is not None:
        region_codes = frozenset(
            Country.objects.filter(region=country.region).values_list("code", flat=True)
        )
    if start and not end:
        end = start
    if end and not start:
        start = end
    return MatchingCriteria(
        themes=themes,
        language_codes=tuple(sorted(set(language_codes))),
        country_code=country.code if country else None,
        region_country_codes=region_codes,
        start=start,
        end=end,
        institution_ids=frozenset(institution_ids),
        text=text,
        today=today or timezone.localdate(),
    )


def _request_criteria(request: Any) -> MatchingCriteria:
    institution_ids = {
        request.lead_institution_id,
        *request.co_applicants.values_list("pk", flat=True),
    }
    return criteria_build(
        theme_ids=request.themes.values_list("pk", flat=True),
        language_codes=request.languages.values_list("pk", flat=True),
        country=request.lead_institution.country,
        start=request.period_start,
        end=request.period_end,
        institution_ids=institution_ids,
        text="\n".join(
            [request.title, request.expertise_sought, request.objectives, request.context]
        ),
    )


def _mission_criteria(mission: Any) -> MatchingCriteria:
    """A mission's criteria, read from its attributes (``missions`` is above ``experts``)."""
    action = mission.action
    institutions = list(action.institutions.select_related("country").order_by("pk"))
    theme_ids = list(mission.themes.values_list("pk", flat=True)) or list(
        action.themes.values_list("pk", flat=True)
    )
    country = mission.country or (institutions[0].country if institutions else None)
    return criteria_build(
        theme_ids=theme_ids,
        language_codes=mission.languages.values_list("pk", flat=True),
        country=country,
        start=mission.start_date,
        end=mission.end_date,
        institution_ids=[institution.pk for institution in institutions],
        text="\n".join([mission.title, mission.terms_of_reference, action.objectives]),
    )


CRITERIA_READERS = {
    "cooperation.request": _request_criteria,
    "missions.mission": _mission_criteria,
}


def criteria_for(subject: models.Model) -> MatchingCriteria:
    """What a request or a mission asks of the experts."""
    reader = CRITERIA_READERS.get(subject._meta.label_lower)
    if reader is None:
        raise TypeError(f"Matching does not know how to read a {subject._meta.label}.")
    return reader(subject)


# --- Hard constraints ---------------------------------------------------------------------------


Constraint = tuple[Promise, Callable[[QuerySet[Expert]], QuerySet[Expert]]]


def _hard_constraints(criteria: MatchingCriteria) -> list[Constraint]:
    """Each hard constraint: what missing it is called, and the filter that applies it."""
    constraints: list[Constraint] = [
        (
            gettext_lazy("not an approved expert"),
            lambda experts: experts & experts_matchable().filter(anonymised_at__isnull=True),
        )
    ]
    if criteria.start and criteria.end:
        start, end = criteria.start, criteria.end
        constraints.append(
            (
                gettext_lazy("not available for the whole period"),
                lambda experts: experts_available_for(start, end, experts),
            )
        )
    if criteria.language_codes:
        speakers = ExpertLanguage.objects.filter(
            expert=OuterRef("pk"),
            language_id__in=criteria.language_codes,
            level__gte=LanguageLevel.B2,
        )
        constraints.append(
            (
                gettext_lazy("no working language at B2 or better"),
                lambda experts: experts.filter(Exists(speakers)),
            )
        )
    if criteria.institution_ids:
        conflicts = Expert.conflict_institutions.through.objects.filter(
            expert_id=OuterRef("pk"), institution_id__in=criteria.institution_ids
        )
        constraints.append(
            (
                gettext_lazy("declared a conflict of interest"),
                lambda experts: experts.filter(~Exists(conflicts)),
            )
        )
    return constraints


def experts_eligible(criteria: MatchingCriteria) -> QuerySet[Expert]:
    """Experts who may be matched at all: approved and consenting, free for the whole period,
    speaking a working language at B2 or better, without a declared conflict of interest."""
    experts = Expert.objects.all()
    for _missing, constraint in _hard_constraints(criteria):
        experts = constraint(experts)
    return experts


def unmet_constraints(
    criteria: MatchingCriteria, expert_ids: Iterable[int]
) -> dict[int, list[str]]:
    """For experts added by hand: which hard constraints each one does not meet (readable)."""
    ids = set(expert_ids)
    unmet: dict[int, list[str]] = {pk: [] for pk in ids}
    for missing, constraint in _hard_constraints(criteria):
        passed = set(constraint(Expert.objects.filter(pk__in=ids)).values_list("pk", flat=True))
        for pk in sorted(ids - passed):
            unmet[pk].append(str(missing))
    return unmet


# --- Scores -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One ranked expert: the weighted total and the score of each criterion, 0 to 1."""

    expert_id: int
    total: float
    scores: dict[str, float]
    explanation: str = ""


def _best(matches: Iterable[Match], limit: int | None) -> list[Match]:
    """Best total first, equal totals by expert id; the first ``limit`` (all if None)."""
    ranked = sorted(matches, key=lambda match: (-match.total, match.expert_id))
    return ranked if limit is None else ranked[:limit]


def weighted_total(scores: dict[str, float], weights: dict[str, float]) -> float:
    """Σ weight × score, in CRITERIA order (the SQL adds in the same order: same bits)."""
    total = 0.0
    for name in CRITERIA:
        total = total + weights[name] * scores[name]
    return total


def rank_experts(
    criteria: MatchingCriteria, *, limit: int = 20, weights: dict[str, float] | None = None
) -> list[Match]:
    """The best ``limit`` eligible experts, best first (ties by expert id), explained."""
    weights = weights or matching_weights()
    if connection.vendor == "postgresql":
        ranked = _rank_in_database(criteria, limit=limit, weights=weights)
    else:
        ranked = _rank_in_python(criteria, limit=limit, weights=weights)
    return explain(criteria, ranked)


def score_experts(
    criteria: MatchingCriteria,
    expert_ids: Iterable[int],
    *,
    weights: dict[str, float] | None = None,
    unmet: dict[int, list[str]] | None = None,
) -> list[Match]:
    """Scores and explanations of the given experts, whatever the hard constraints say (for the
    experts staff add by hand), best first; ``unmet`` (from ``unmet_constraints``) is added to
    their sentences."""
    weights = weights or matching_weights()
    experts = Expert.objects.filter(pk__in=set(expert_ids))
    return explain(
        criteria, _rank_in_python(criteria, weights=weights, experts=experts), unmet=unmet
    )


# The Python implementation: load the facts of the experts, score them one by one.


@dataclass
class ExpertFacts:
    """What the scores of one expert are computed from."""

    employer_type: str = ""
    themes: list[tuple[int, int]] = field(default_factory=list)  # (theme id, years)
    languages: dict[str, int] = field(default_factory=dict)  # code → level
    countries: set[str] = field(default_factory=set)
    rating_points: int = 0  # the sum of the four feedback dimensions over all feedback
    rating_count: int = 0  # the number of feedback rows
    recent_missions: int = 0
    words: frozenset[str] = frozenset()


def expert_facts(experts: QuerySet[Expert], criteria: MatchingCriteria) -> dict[int, ExpertFacts]:
    """The facts of every expert of ``experts``, in a fixed number of queries."""
    ids = experts.values("pk")
    facts: dict[int, ExpertFacts] = {}
    for pk, employer_type, summary, keywords, position in experts.values_list(
        "pk", "employer_type", "summary", "keywords", "position"
    ):
        facts[pk] = ExpertFacts(
            employer_type=employer_type, words=profile_words(summary, keywords, position)
        )
    for expert_id, theme_id, years in ExpertTheme.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "theme_id", "years"
    ):
        facts[expert_id].themes.append((theme_id, years))
    for expert_id, code, level in ExpertLanguage.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "language_id", "level"
    ):
        facts[expert_id].languages[code] = level
    for expert_id, code in Expert.countries_of_experience.through.objects.filter(
        expert_id__in=ids
    ).values_list("expert_id", "country_id"):
        facts[expert_id].countries.add(code)
    invitation = apps.get_model("missions", "Invitation")
    feedback = apps.get_model("missions", "Feedback")
    ratings = feedback.objects.filter(
        mission__invitations__expert_id__in=ids,
        mission__invitations__status=INVITATION_ACCEPTED,
    ).values_list(
        "mission__invitations__expert_id", "relevance", "expertise", "organisation", "usefulness"
    )
    for expert_id, *dimensions in ratings:
        facts[expert_id].rating_points += sum(dimensions)
        facts[expert_id].rating_count += 1
    recent = invitation.objects.filter(
        expert_id__in=ids,
        status=INVITATION_ACCEPTED,
        mission__end_date__gte=criteria.recent_since,
    )
    for expert_id in recent.values_list("expert_id", flat=True):
        facts[expert_id].recent_missions += 1
    return facts


def expert_scores(
    facts: ExpertFacts, criteria: MatchingCriteria, terms: Sequence[str]
) -> dict[str, float]:
    """The score of each criterion for one expert (the SQL in ``_rank_in_database`` mirrors it)."""
    theme = 0.0
    if criteria.themes:
        fits = 0.0
        for subject in criteria.themes:
            best = 0.0
            for theme_id, years in facts.themes:
                if theme_id not in subject.area_theme_ids:
                    continue
                base, span = EXACT_THEME if theme_id == subject.theme_id else SAME_AREA
                best = max(
                    best, base + span * min(years, YEARS_FOR_FULL_MARKS) / YEARS_FOR_FULL_MARKS
                )
            fits = fits + best
        theme = fits / len(criteria.themes)
    language = 0.0
    if criteria.language_codes:
        levels = sum(facts.languages.get(code, 0) for code in criteria.language_codes)
        language = levels / (LanguageLevel.NATIVE * len(criteria.language_codes))
    country = 0.0
    if criteria.country_code in facts.countries:
        country = IN_COUNTRY
    elif facts.countries & criteria.region_country_codes:
        country = IN_REGION
    rating = UNRATED
    if facts.rating_count:
        rating = (facts.rating_points / (4 * facts.rating_count) - 1) / 4
    text = 0.0
    if terms:
        text = min(len(matched_terms(terms, facts.words)), TEXT_FULL_MARKS) / TEXT_FULL_MARKS
    return {
        "theme": theme,
        "text": text,
        "country": country,
        "language": language,
        "employer": EMPLOYER_SCORES.get(facts.employer_type, 0.0),
        "rating": rating,
        "fairness": 1 / (1 + facts.recent_missions),
    }


def _rank_in_python(
    criteria: MatchingCriteria,
    *,
    weights: dict[str, float],
    limit: int | None = None,
    experts: QuerySet[Expert] | None = None,
) -> list[Match]:
    """Score every eligible expert (or ``experts``) in Python; the best ``limit``, best first."""
    if experts is None:
        experts = experts_eligible(criteria)
    terms = criteria.terms
    matches = []
    for expert_id, facts in expert_facts(experts, criteria).items():
        scores = expert_scores(facts, criteria, terms)
        matches.append(Match(expert_id, weighted_total(scores, weights), scores))
    return _best(matches, limit)


# The PostgreSQL implementation: filter and score in the database, touching few rows.
#
# The match profile (migration 0003) keeps one narrow row per expert, with a tag array under a
# GIN index. Each criterion has a few classes an expert falls in, each with the best score
# possible in it (an exact theme: up to 1; only the same area: up to 0.5; none: 0); a tier is one
# class per criterion, and its bound the best total possible in it. Tiers are scored in
# decreasing bound order, each through a bitmap index scan of its tags, and the search stops as
# soon as the 20th best total found is higher than the bound of every tier not yet scored: no
# expert left out could have ranked. The result is exactly the one of ``_rank_in_python``.

PROFILE_TABLE = "experts_match_profile"


def _table(app_label: str, model_name: str) -> str:
    return connection.ops.quote_name(apps.get_model(app_label, model_name)._meta.db_table)


@dataclass(frozen=True)
class _Class:
    """One class of experts for one criterion: the best score in it and the test that puts a
    profile in it (classes are tried in order; the last one takes the rest). ``indexed`` tells
    whether the test can drive the GIN index."""

    best: float
    test: str = "TRUE"
    params: tuple[Any, ...] = ()
    indexed: bool = True


@dataclass(frozen=True)
class _Tier:
    classes: tuple[_Class, ...]  # one per criterion, in CRITERIA order
    bound: float


def _tags(prefix: str, values: Iterable[Any]) -> list[str]:
    return sorted(f"{prefix}:{value}" for value in values)


def _criterion_classes(criteria: MatchingCriteria) -> dict[str, list[_Class]]:
    """The classes of each criterion, best first; one class (best 1) where the score can't be
    bounded below 1 cheaply (text, employer, fairness)."""
    classes: dict[str, list[_Class]] = {name: [_Class(1.0)] for name in CRITERIA}
    classes["theme"] = [_Class(0.0)]
    if criteria.themes:
        exact = _tags("t", [subject.theme_id for subject in criteria.themes])
        area = _tags("t", {pk for subject in criteria.themes for pk in subject.area_theme_ids})
        classes["theme"] = [
            _Class(1.0, "p.tags && %s", (exact,)),
            _Class(SAME_AREA[0] + SAME_AREA[1], "p.tags && %s", (area,)),
            _Class(0.0),
        ]
    classes["country"] = [_Class(0.0)]
    if criteria.country_code:
        classes["country"] = [
            _Class(IN_COUNTRY, "p.tags && %s", (_tags("c", [criteria.country_code]),)),
            _Class(IN_REGION, "p.tags && %s", (_tags("c", criteria.region_country_codes),)),
            _Class(0.0),
        ]
    count = len(criteria.language_codes)
    if count > 1:  # speaking only some of the languages caps the score below 1
        classes["language"] = [
            _Class(1.0, "p.tags @> %s", (_tags("l", criteria.language_codes),)),
            _Class((count - 1) / count),
        ]
    elif not count:
        classes["language"] = [_Class(0.0)]
    classes["rating"] = [
        _Class(1.0, "p.expert_id IN (SELECT expert_id FROM ratings)", indexed=False),
        _Class(UNRATED),
    ]
    return classes


def _tiers(classes: dict[str, list[_Class]], weights: dict[str, float]) -> list[_Tier]:
    """Every combination of one class per criterion, with its bound, best first."""
    combinations: list[tuple[_Class, ...]] = [()]
    for name in CRITERIA:
        combinations = [(*combo, item) for combo in combinations for item in classes[name]]
    tiers = [
        _Tier(
            combo,
            weighted_total({n: c.best for n, c in zip(CRITERIA, combo, strict=True)}, weights),
        )
        for combo in combinations
    ]
    return sorted(tiers, key=lambda tier: -tier.bound)


def _bound_sql(
    classes: dict[str, list[_Class]], weights: dict[str, float]
) -> tuple[str, list[Any]]:
    """A profile's tier bound in SQL: the same sum, in the same order, as ``_tiers`` computes."""
    terms, params = [], []
    for name in CRITERIA:
        group = classes[name]
        if len(group) == 1:
            terms.append("%s::float8 * %s::float8")
            params += [weights[name], group[0].best]
            continue
        cases = " ".join(f"WHEN {item.test} THEN %s::float8" for item in group[:-1])
        terms.append(f"%s::float8 * CASE {cases} ELSE %s::float8 END")
        params.append(weights[name])
        for item in group[:-1]:
            params += [*item.params, item.best]
        params.append(group[-1].best)
    return "(" + " + ".join(terms) + ")", params


def _index_condition(tiers: list[_Tier]) -> tuple[str, list[Any]]:
    """A condition the GIN index can serve that every profile of ``tiers`` meets (a superset)."""
    branches: dict[str, list[Any]] = {}
    for tier in tiers:
        tests = [item for item in tier.classes if item.test != "TRUE" and item.indexed]
        if not tests:
            return "TRUE", []
        sql = "(" + " AND ".join(item.test for item in tests) + ")"
        branches.setdefault(sql + repr([item.params for item in tests]), [sql, tests])
    sqls = [sql for sql, _tests in branches.values()]
    params = [value for _sql, tests in branches.values() for item in tests for value in item.params]
    return "(" + " OR ".join(sqls) + ")", params


def _rank_in_database(
    criteria: MatchingCriteria, *, limit: int, weights: dict[str, float]
) -> list[Match]:
    """The SQL twin of ``_rank_in_python``, searching tier by tier (see above)."""
    classes = _criterion_classes(criteria)
    tiers = _tiers(classes, weights)
    # Start with the tiers at least as promising as the best theme and country classes with the
    # common language and rating classes; the rare ones (every language, rated) come later.
    start = {name: group[0].best for name, group in classes.items()}
    start.update(language=classes["language"][-1].best, rating=classes["rating"][-1].best)
    low, high = weighted_total(start, weights), float("inf")
    found: list[Match] = []
    while True:
        todo = [tier for tier in tiers if low <= tier.bound < high]
        if todo:
            scored = _score_tiers(
                criteria, classes, todo, (low, high), limit=limit, weights=weights
            )
            found = _best([*found, *scored], limit)
        left = [tier.bound for tier in tiers if tier.bound < low]
        kth = found[limit - 1].total if len(found) >= limit else float("-inf")
        if not left or kth > left[0]:
            return found
        low, high = kth, low  # kth <= left[0]: the next round scores at least that tier


def _score_tiers(
    criteria: MatchingCriteria,
    classes: dict[str, list[_Class]],
    tiers: list[_Tier],
    bounds: tuple[float, float],
    *,
    limit: int,
    weights: dict[str, float],
) -> list[Match]:
    """One statement: the eligible experts whose tier bound is within ``bounds``, scored; the
    best ``limit`` of them."""
    invitations = _table("missions", "Invitation")
    missions = _table("missions", "Mission")
    bound_sql, bound_params = _bound_sql(classes, weights)
    index_sql, index_params = _index_condition(tiers)
    where: list[tuple[str, list[Any]]] = [
        ("p.matchable", []),
        (index_sql, index_params),
        (f"{bound_sql} >= %s", [*bound_params, bounds[0]]),
    ]
    if bounds[1] != float("inf"):
        where.append((f"{bound_sql} < %s", [*bound_params, bounds[1]]))
    if criteria.start and criteria.end:
        where.append(
            (
                "NOT p.unavailable && daterange(%s, %s, '[]')"
                " AND p.expert_id NOT IN (SELECT expert_id FROM busy)",
                [criteria.start, criteria.end],
            )
        )
    if criteria.language_codes:
        # A filter rather than an index condition: the tier condition is far more selective.
        where.append(("(p.tags && %s) IS TRUE", [_tags("w", criteria.language_codes)]))
    if criteria.institution_ids:
        conflicts = connection.ops.quote_name(Expert.conflict_institutions.through._meta.db_table)
        where.append(
            (
                f"""p.expert_id NOT IN (
                    SELECT expert_id FROM {conflicts} WHERE institution_id = ANY(%s)
                )""",
                [sorted(criteria.institution_ids)],
            )
        )

    columns: dict[str, tuple[str, list[Any]]] = {name: ("0::float8", []) for name in CRITERIA}
    if criteria.themes:
        pairs = [
            (subject.theme_id, theme_id)
            for subject in criteria.themes
            for theme_id in sorted(subject.area_theme_ids)
        ]
        fit = "%s::float8 + %s::float8 * LEAST(u.years, %s)::float8 / %s::float8"
        columns["theme"] = (
            f"""COALESCE((
                SELECT SUM(best) FROM (
                    SELECT MAX(CASE WHEN u.theme_id = st.subject_theme_id THEN {fit} ELSE {fit} END)
                      AS best
                    FROM unnest(p.theme_ids, p.theme_years) AS u (theme_id, years)
                    JOIN unnest(%s::bigint[], %s::bigint[]) AS st (subject_theme_id, theme_id)
                      ON st.theme_id = u.theme_id
                    GROUP BY st.subject_theme_id
                ) fits
            ), 0::float8) / %s::float8""",
            [
                *(
                    value
                    for base, span in (EXACT_THEME, SAME_AREA)
                    for value in (base, span, YEARS_FOR_FULL_MARKS, YEARS_FOR_FULL_MARKS)
                ),
                [pair[0] for pair in pairs],
                [pair[1] for pair in pairs],
                len(criteria.themes),
            ],
        )
    terms = criteria.terms
    if terms:
        found = " + ".join(["(p.document @@ %s::tsquery)::int"] * len(terms))
        columns["text"] = (
            f"LEAST({found}, %s)::float8 / %s::float8",
            [*(f"{term}:*" for term in terms), TEXT_FULL_MARKS, TEXT_FULL_MARKS],
        )
    if criteria.country_code:
        columns["country"] = (
            "CASE WHEN p.tags && %s THEN %s::float8 WHEN p.tags && %s THEN %s::float8"
            " ELSE 0::float8 END",
            [
                _tags("c", [criteria.country_code]),
                IN_COUNTRY,
                _tags("c", criteria.region_country_codes),
                IN_REGION,
            ],
        )
    if criteria.language_codes:
        columns["language"] = (
            """COALESCE((
                SELECT SUM(u.level) FROM unnest(p.language_codes, p.language_levels)
                  AS u (code, level)
                WHERE u.code = ANY(%s)
            ), 0)::float8 / %s::float8""",
            [list(criteria.language_codes), LanguageLevel.NATIVE * len(criteria.language_codes)],
        )
    columns["employer"] = (
        "CASE p.employer_type "
        + " ".join(["WHEN %s THEN %s::float8"] * len(EMPLOYER_SCORES))
        + " ELSE 0::float8 END",
        [value for item in EMPLOYER_SCORES.items() for value in (str(item[0]), item[1])],
    )
    columns["rating"] = (
        "CASE WHEN r.n IS NULL THEN %s::float8"
        " ELSE (r.points::float8 / (4 * r.n)::float8 - 1::float8) / 4::float8 END",
        [UNRATED],
    )
    columns["fairness"] = ("1::float8 / (1 + COALESCE(w.n, 0))::float8", [])

    total = " + ".join(f"%s::float8 * {name}" for name in CRITERIA)
    sql = f"""
        WITH ratings AS MATERIALIZED (
            SELECT i.expert_id, COUNT(*) AS n,
                   SUM(f.relevance + f.expertise + f.organisation + f.usefulness) AS points
            FROM {invitations} i JOIN {_table("missions", "Feedback")} f
              ON f.mission_id = i.mission_id
            WHERE i.status = %s GROUP BY i.expert_id
        ),
        workloads AS MATERIALIZED (
            SELECT i.expert_id, COUNT(*) AS n
            FROM {invitations} i JOIN {missions} m ON m.id = i.mission_id
            WHERE i.status = %s AND m.end_date >= %s GROUP BY i.expert_id
        ),
        busy AS MATERIALIZED (
            SELECT i.expert_id
            FROM {invitations} i JOIN {missions} m ON m.id = i.mission_id
            WHERE i.status = %s AND m.start_date <= %s AND m.end_date >= %s
        ),
        scored AS (
            SELECT p.expert_id,
                   {", ".join(f"{columns[name][0]} AS {name}" for name in CRITERIA)}
            FROM {PROFILE_TABLE} p
            LEFT JOIN ratings r ON r.expert_id = p.expert_id
            LEFT JOIN workloads w ON w.expert_id = p.expert_id
            WHERE {" AND ".join(sql for sql, _params in where)}
        )
        SELECT expert_id, {", ".join(CRITERIA)}, {total} AS total
        FROM scored
        ORDER BY total DESC, expert_id
        LIMIT %s
    """
    period_end = criteria.end or criteria.today
    period_start = criteria.start or criteria.today
    params: list[Any] = [INVITATION_ACCEPTED, INVITATION_ACCEPTED, criteria.recent_since]
    params += [INVITATION_ACCEPTED, period_end, period_start]
    params += [value for name in CRITERIA for value in columns[name][1]]
    params += [value for _sql, where_params in where for value in where_params]
    params += [weights[name] for name in CRITERIA]
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Match(expert_id=row[0], total=row[-1], scores=dict(zip(CRITERIA, row[1:-1], strict=True)))
        for row in rows
    ]


# --- Explanations -------------------------------------------------------------------------------


def _years(years: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


def explain(
    criteria: MatchingCriteria,
    matches: Sequence[Match],
    *,
    unmet: dict[int, list[str]] | None = None,
) -> list[Match]:
    """The matches with their sentence ("Child protection: exact sub-area, 12 years; Russian C1;
    worked in Kazakhstan; public administration"), from the facts of these experts only."""
    if not matches:
        return []
    facts = expert_facts(
        Expert.objects.filter(pk__in=[match.expert_id for match in matches]), criteria
    )
    theme_ids = {subject.theme_id for subject in criteria.themes}
    theme_ids |= {theme_id for item in facts.values() for theme_id, years in item.themes}
    themes = {theme.pk: theme for theme in ThematicArea.objects.filter(pk__in=theme_ids)}
    languages = dict(
        Language.objects.filter(pk__in=criteria.language_codes).values_list("pk", "name")
    )
    countries = dict(
        Country.objects.filter(pk__in=criteria.region_country_codes).values_list("pk", "name")
    )
    words = term_words(criteria.text)
    return [
        Match(
            expert_id=match.expert_id,
            total=match.total,
            scores=match.scores,
            explanation="; ".join(
                _reasons(
                    criteria,
                    facts[match.expert_id],
                    themes=themes,
                    languages=languages,
                    countries=countries,
                    words=words,
                )
                + [
                    _("does not meet: %(constraints)s") % {"constraints": ", ".join(reasons)}
                    for reasons in [(unmet or {}).get(match.expert_id)]
                    if reasons
                ]
            ),
        )
        for match in matches
    ]


def _reasons(
    criteria: MatchingCriteria,
    facts: ExpertFacts,
    *,
    themes: dict[int, ThematicArea],
    languages: dict[str, str],
    countries: dict[str, str],
    words: dict[str, str],
) -> list[str]:
    reasons = []
    expert_themes = dict(facts.themes)
    for subject in criteria.themes:
        name = themes[subject.theme_id].name
        if subject.theme_id in expert_themes:
            kind = _("exact sub-area") if themes[subject.theme_id].parent_id else _("exact area")
            reasons.append(
                _("%(theme)s: %(kind)s, %(years)s")
                % {"theme": name, "kind": kind, "years": _years(expert_themes[subject.theme_id])}
            )
            continue
        fits = [item for item in facts.themes if item[0] in subject.area_theme_ids]
        if fits:
            theme_id, years = max(fits, key=lambda item: (item[1], -item[0]))
            reasons.append(
                _("%(theme)s: same area (%(other)s, %(years)s)")
                % {"theme": name, "other": themes[theme_id].name, "years": _years(years)}
            )
    if criteria.themes and not reasons:
        reasons.append(_("no thematic match"))
    spoken = [
        f"{languages[code]} {LanguageLevel(facts.languages[code]).label}"
        for code in criteria.language_codes
        if code in facts.languages
    ]
    if spoken:
        reasons.append(", ".join(spoken))
    if criteria.country_code in facts.countries:
        reasons.append(_("worked in %(country)s") % {"country": countries[criteria.country_code]})
    else:
        nearby = sorted(countries[code] for code in facts.countries & criteria.region_country_codes)
        if nearby:
            reasons.append(
                _("worked in the region (%(countries)s)") % {"countries": ", ".join(nearby)}
            )
    if facts.employer_type:
        reasons.append(str(EmployerType(facts.employer_type).label).lower())
    if facts.rating_count:
        reasons.append(
            _("rated %(rating).1f/5 by partners")
            % {"rating": facts.rating_points / (4 * facts.rating_count)}
        )
    found = [words[term] for term in matched_terms(words, facts.words)]
    if found:
        reasons.append(_("profile mentions %(words)s") % {"words": ", ".join(found[:5])})
    reasons.append(
        ngettext("%(count)d recent mission", "%(count)d recent missions", facts.recent_missions)
        % {"count": facts.recent_missions}
        if facts.recent_missions
        else _("no recent mission")
    )
    return reasons
