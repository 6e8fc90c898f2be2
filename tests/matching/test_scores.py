"""Soft criteria: each scores as documented, on SQLite (Python) and PostgreSQL (SQL) alike."""

import pytest
from django.test import override_settings

from experts.matching import (
    CRITERIA,
    WEIGHTS,
    criteria_for,
    matching_weights,
    rank_experts,
    text_terms,
)
from experts.models import EmployerType

from .builders import accepted_mission, days_ago, expert_with, request_for


def scores_by_expert(request) -> dict[int, dict[str, float]]:
    return {match.expert_id: match.scores for match in rank_experts(criteria_for(request))}


def test_theme_exact_sub_area_scores_by_years(db):
    junior = expert_with(themes={"child-protection": 0})
    senior = expert_with(themes={"child-protection": 12})
    veteran = expert_with(themes={"child-protection": 30})

    scores = scores_by_expert(request_for(themes=["child-protection"]))

    assert scores[junior.pk]["theme"] == 0.625
    assert scores[senior.pk]["theme"] == 0.90625
    assert scores[veteran.pk]["theme"] == 1.0


def test_theme_exact_sub_area_beats_the_same_area(db):
    same_area = expert_with(themes={"pensions": 30, "disability": 30})
    exact = expert_with(themes={"child-protection": 0})
    elsewhere = expert_with(themes={"health-insurance": 30})

    scores = scores_by_expert(request_for(themes=["child-protection"]))

    assert scores[same_area.pk]["theme"] == 0.5
    assert scores[exact.pk]["theme"] == 0.625
    assert scores[elsewhere.pk]["theme"] == 0.0


def test_theme_averages_over_the_subject_themes(db):
    expert = expert_with(themes={"pensions": 16, "social-insurance": 8})

    scores = scores_by_expert(request_for(themes=["pensions", "health-insurance"]))

    assert scores[expert.pk]["theme"] == 0.5


def test_theme_area_of_the_subject_counts_its_sub_areas_as_same_area(db):
    expert = expert_with(themes={"pensions": 8})

    scores = scores_by_expert(request_for(themes=["social-protection"]))

    assert scores[expert.pk]["theme"] == 0.375


def test_language_scores_the_levels_in_the_working_languages(db):
    native = expert_with(languages={"en": 7, "ru": 7})
    english = expert_with(languages={"en": 4})
    both = expert_with(languages={"en": 5, "ru": 5})

    scores = scores_by_expert(request_for(languages=["en", "ru"]))

    assert scores[native.pk]["language"] == 1.0
    assert scores[english.pk]["language"] == 4 / 14
    assert scores[both.pk]["language"] == 10 / 14


def test_country_experience_beats_region_experience(db):
    in_country = expert_with(countries=["KZ"])
    in_region = expert_with(countries=["KG", "UZ"])
    elsewhere = expert_with(countries=["ME"])

    scores = scores_by_expert(request_for(country_code="KZ"))

    assert scores[in_country.pk]["country"] == 1.0
    assert scores[in_region.pk]["country"] == 0.5
    assert scores[elsewhere.pk]["country"] == 0.0


@pytest.mark.parametrize(
    ("employer_type", "score"),
    [
        (EmployerType.PUBLIC_ADMINISTRATION, 1.0),
        (EmployerType.MANDATED_BODY, 0.75),
        (EmployerType.SOCIAL_PARTNER, 0.5),
        (EmployerType.ACADEMIA, 0.5),
        (EmployerType.INDEPENDENT, 0.25),
        ("", 0.0),
    ],
)
def test_employer_type_puts_public_administration_first(db, employer_type, score):
    expert = expert_with(employer_type=employer_type)

    assert scores_by_expert(request_for())[expert.pk]["employer"] == score


def test_rating_averages_partner_feedback_and_is_neutral_without(db):
    unrated = expert_with()
    rated = expert_with()
    accepted_mission(rated, start=days_ago(400), end=days_ago(395), ratings=(5, 5, 4, 4))
    accepted_mission(rated, start=days_ago(300), end=days_ago(295), ratings=(3, 3, 3, 3))

    scores = scores_by_expert(request_for())

    assert scores[unrated.pk]["rating"] == 0.5
    assert scores[rated.pk]["rating"] == (30 / 8 - 1) / 4


def test_text_counts_the_subject_stems_found_in_the_profile(db):
    matching = expert_with(
        summary="Ten years of case management in centres for social work.",
        keywords="foster care, family support",
    )
    other = expert_with(summary="Hospital accreditation.")
    request = request_for(
        title="Case management for foster families",
        expertise_sought="Standards of family support in social work centres",
    )

    scores = scores_by_expert(request)

    assert text_terms(request.title) == ("case", "manage", "foster", "famili")
    assert scores[matching.pk]["text"] == 1.0
    assert scores[other.pk]["text"] == 0.0


def test_text_gives_partial_marks_below_six_stems(db):
    expert = expert_with(keywords="pension reform")

    scores = scores_by_expert(request_for(title="Pension reform and actuarial modelling"))

    assert scores[expert.pk]["text"] == 2 / 6


def test_fairness_prefers_experts_with_fewer_recent_missions(db):
    rested = expert_with()
    long_ago = expert_with()
    accepted_mission(long_ago, start=days_ago(500), end=days_ago(400))
    busy = expert_with()
    accepted_mission(busy, start=days_ago(100), end=days_ago(95))
    accepted_mission(busy, start=days_ago(50), end=days_ago(45))

    scores = scores_by_expert(request_for())

    assert scores[rested.pk]["fairness"] == 1.0
    assert scores[long_ago.pk]["fairness"] == 1.0
    assert scores[busy.pk]["fairness"] == 1 / 3


def test_fairness_breaks_an_otherwise_equal_tie(db):
    busy = expert_with(themes={"pensions": 10})
    accepted_mission(busy, start=days_ago(30), end=days_ago(25))
    rested = expert_with(themes={"pensions": 10})

    ranked = rank_experts(criteria_for(request_for(themes=["pensions"])))

    assert [match.expert_id for match in ranked] == [rested.pk, busy.pk]


def test_total_is_the_weighted_sum_of_the_criteria(db):
    expert = expert_with(themes={"pensions": 16}, countries=["ME"], keywords="pension")

    (match,) = rank_experts(criteria_for(request_for(themes=["pensions"], title="Pensions")))

    expected = sum(WEIGHTS[name] * match.scores[name] for name in CRITERIA)
    assert match.expert_id == expert.pk
    assert round(match.total, 9) == round(expected, 9)


def test_ties_are_broken_by_expert_id(db):
    experts = [expert_with(themes={"pensions": 5}) for _ in range(3)]

    ranked = rank_experts(criteria_for(request_for(themes=["pensions"])))

    assert [match.expert_id for match in ranked] == [expert.pk for expert in experts]


def test_limit_keeps_the_best(db):
    weak = expert_with(themes={"pensions": 1})
    strong = expert_with(themes={"pensions": 16})

    ranked = rank_experts(criteria_for(request_for(themes=["pensions"])), limit=1)

    assert [match.expert_id for match in ranked] == [strong.pk]
    assert weak.pk not in [match.expert_id for match in ranked]


@override_settings(MATCHING_WEIGHTS={"employer": 0.0, "fairness": 0.5})
def test_weights_can_be_overridden_in_settings(db):
    assert matching_weights() == {**WEIGHTS, "employer": 0.0, "fairness": 0.5}


@override_settings(MATCHING_WEIGHTS={"seniority": 1.0})
def test_weights_refuse_an_unknown_criterion(db):
    with pytest.raises(ValueError, match="seniority"):
        matching_weights()


def test_explanation_reads_like_a_sentence(db):
    expert = expert_with(
        themes={"child-protection": 12},
        languages={"ru": 5, "en": 6},
        countries=["KZ"],
        keywords="foster care",
    )

    (match,) = rank_experts(
        criteria_for(
            request_for(
                themes=["child-protection"],
                languages=["ru"],
                country_code="KZ",
                title="Foster care",
            )
        )
    )

    assert match.expert_id == expert.pk
    assert match.explanation == (
        "Child protection and foster care: exact sub-area, 12 years; Russian C1; "
        "worked in Kazakhstan; public administration; profile mentions foster, care; "
        "no recent mission"
    )
