"""The database ranking equals the Python ranking on the same data (PostgreSQL only: the Python
path is what SQLite runs), and the match profile follows every change of what it copies."""

import datetime
import random

import pytest
from django.db import connection

from experts.matching import (
    _rank_in_database,
    _rank_in_python,
    criteria_build,
    matching_weights,
)
from experts.models import EmployerType, Expert, RosterStatus, UnavailablePeriod
from reference.models import Country, ThematicArea
from reference.services import reference_data_load
from tests.factories import InstitutionFactory, country

from .builders import END, START, accepted_mission, days_ago, expert_with

pytestmark = pytest.mark.postgres

PROFILE_TEXT = (
    "case management foster care pension reform actuarial health insurance financing labour "
    "inspection employment services disability assessment social assistance digital registry "
    "monitoring evaluation gender budgeting roma inclusion municipal cooperation skills training"
)
WORDS = PROFILE_TEXT.split()


def random_roster(seed: int, size: int) -> None:
    """Experts with every kind of fact the criteria read, drawn from a seeded generator."""
    rng = random.Random(seed)
    reference_data_load()
    sub_areas = list(ThematicArea.objects.sub_areas().values_list("code", flat=True))
    partners = list(Country.objects.partners().values_list("code", flat=True))
    statuses = [RosterStatus.APPROVED] * 8 + [RosterStatus.APPLIED, RosterStatus.SUSPENDED]
    for _ in range(size):
        expert = expert_with(
            themes={code: rng.randint(0, 25) for code in rng.sample(sub_areas, rng.randint(0, 3))},
            languages={
                code: rng.randint(2, 7)
                for code in rng.sample(["en", "fr", "ru", "sr", "sq", "de"], rng.randint(1, 3))
            },
            countries=rng.sample(partners, rng.randint(0, 3)),
            employer_type=rng.choice([*EmployerType.values, ""]),
            summary=" ".join(rng.choices(WORDS, k=rng.randint(0, 12))),
            keywords=", ".join(rng.choices(WORDS, k=3)),
            roster_status=rng.choice(statuses),
        )
        if rng.random() < 0.2:
            start = START + datetime.timedelta(days=rng.randint(-20, 20))
            UnavailablePeriod.objects.create(
                expert=expert, start=start, end=start + datetime.timedelta(days=rng.randint(0, 9))
            )
        if rng.random() < 0.25:
            ratings = [rng.randint(1, 5) for _ in range(4)] if rng.random() < 0.6 else None
            ended = rng.randint(10, 600)
            accepted_mission(
                expert, start=days_ago(ended + 5), end=days_ago(ended), ratings=ratings
            )


def subjects(seed: int) -> list:
    rng = random.Random(seed)
    sub_areas = list(ThematicArea.objects.values_list("pk", flat=True))
    partners = list(Country.objects.partners())
    result = []
    for number in range(12):
        institution = InstitutionFactory(country=rng.choice(partners))
        result.append(
            criteria_build(
                theme_ids=rng.sample(sub_areas, number % 3),
                language_codes=rng.sample(["en", "fr", "ru", "sr"], number % 3 + (number == 4)),
                country=None if number == 5 else institution.country,
                start=None if number == 6 else START,
                end=None if number == 6 else END,
                institution_ids=[institution.pk],
                text=" ".join(rng.choices(WORDS, k=8)),
            )
        )
    return result


def test_database_and_python_rankings_are_identical(db):
    random_roster(seed=7, size=120)
    Expert.objects.order_by("pk").first().conflict_institutions.add(InstitutionFactory())
    weights = matching_weights()

    for criteria in subjects(seed=11):
        for limit in (1, 5, 20, 200):
            expected = _rank_in_python(criteria, limit=limit, weights=weights)
            assert _rank_in_database(criteria, limit=limit, weights=weights) == expected


def test_database_ranking_is_identical_with_other_weights(db):
    random_roster(seed=3, size=60)
    weights = {**matching_weights(), "theme": 0.05, "rating": 0.4, "text": 0.33}

    for criteria in subjects(seed=5):
        assert _rank_in_database(criteria, limit=10, weights=weights) == _rank_in_python(
            criteria, limit=10, weights=weights
        )


def profile(expert: Expert) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT matchable, tags, theme_years, language_levels, unavailable::text,"
            " document::text FROM experts_match_profile WHERE expert_id = %s",
            [expert.pk],
        )
        return cursor.fetchone()


def test_match_profile_follows_the_expert_and_its_rows(db):
    expert = expert_with(
        themes={"pensions": 3}, languages={"en": 4}, countries=["KZ"], summary="Pension reform"
    )
    pensions = expert.themes.get()

    pensions.years = 9
    pensions.save()
    expert.languages.update(level=2)
    expert.countries_of_experience.add(country("KG"))
    UnavailablePeriod.objects.create(expert=expert, start=START, end=END)
    expert.summary = "Actuarial modelling"
    expert.roster_status = RosterStatus.SUSPENDED
    expert.save()

    matchable, tags, years, levels, unavailable, document = profile(expert)
    assert matchable is False
    assert sorted(tags) == sorted([f"t:{pensions.theme_id}", "l:en", "c:KG", "c:KZ"])
    assert (years, levels) == ([9], [2])
    assert unavailable == "{[2027-03-01,2027-03-13)}"
    assert document == "'actuarial':1 'modelling':2"


def test_match_profile_goes_with_the_expert(db):
    expert = expert_with(themes={"pensions": 3})
    expert.themes.all().delete()
    assert profile(expert)[1] == ["l:en", "w:en"]

    expert.languages.all().delete()
    expert.delete()

    assert profile(expert) is None
