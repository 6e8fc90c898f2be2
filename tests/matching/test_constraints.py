"""Hard constraints: each one keeps an otherwise perfect expert off the ranking."""

import datetime

from django.utils import timezone

from experts.matching import criteria_for, rank_experts, unmet_constraints
from experts.models import RosterStatus, UnavailablePeriod
from tests.factories import MissionFactory

from .builders import END, START, accepted_mission, expert_with, request_for


def ranked_ids(request) -> list[int]:
    return [match.expert_id for match in rank_experts(criteria_for(request))]


def test_constraints_admit_an_approved_available_speaker(db):
    expert = expert_with(themes={"child-protection": 5})

    assert ranked_ids(request_for(themes=["child-protection"])) == [expert.pk]


def test_constraints_exclude_experts_not_approved(db):
    expert_with(roster_status=RosterStatus.APPLIED)
    expert_with(roster_status=RosterStatus.SUSPENDED)

    assert ranked_ids(request_for()) == []


def test_constraints_exclude_experts_without_consent(db):
    expert_with(consent_given_at=None)

    assert ranked_ids(request_for()) == []


def test_constraints_exclude_an_unavailable_period_overlapping_the_period(db):
    away = expert_with()
    UnavailablePeriod.objects.create(expert=away, start=END, end=END + datetime.timedelta(days=30))
    free = expert_with()
    UnavailablePeriod.objects.create(
        expert=free, start=END + datetime.timedelta(days=1), end=END + datetime.timedelta(days=9)
    )

    assert ranked_ids(request_for()) == [free.pk]


def test_constraints_exclude_an_accepted_mission_overlapping_the_period(db):
    busy = expert_with()
    accepted_mission(busy, start=START - datetime.timedelta(days=3), end=START)
    free = expert_with()
    accepted_mission(
        free, start=START - datetime.timedelta(days=9), end=START - datetime.timedelta(days=1)
    )

    assert ranked_ids(request_for()) == [free.pk]


def test_constraints_ignore_invitations_not_accepted(db):
    invited = expert_with()
    MissionFactory(start_date=START, end_date=END).invitations.create(
        expert=invited, status="invited"
    )

    assert ranked_ids(request_for()) == [invited.pk]


def test_constraints_without_a_period_do_not_check_availability(db):
    expert = expert_with()
    UnavailablePeriod.objects.create(
        expert=expert, start=timezone.localdate(), end=timezone.localdate()
    )

    assert ranked_ids(request_for(start=None, end=None)) == [expert.pk]


def test_constraints_need_a_working_language_at_b2_or_better(db):
    expert_with(languages={"en": 3, "sr": 3})
    speaker = expert_with(languages={"en": 3, "sr": 4})
    expert_with(languages={"de": 7})

    assert ranked_ids(request_for(languages=["en", "sr"])) == [speaker.pk]


def test_constraints_exclude_a_declared_conflict_of_interest(db):
    request = request_for()
    conflicted = expert_with()
    conflicted.conflict_institutions.add(request.lead_institution)
    free = expert_with()

    assert ranked_ids(request) == [free.pk]


def test_constraints_cover_co_applicant_institutions(db):
    request = request_for()
    co_applicant = request_for().lead_institution
    request.co_applicants.add(co_applicant)
    expert_with().conflict_institutions.add(co_applicant)

    assert ranked_ids(request) == []


def test_unmet_constraints_names_each_missing_constraint(db):
    request = request_for(languages=["sr"])
    expert = expert_with(languages={"en": 7}, roster_status=RosterStatus.APPLIED)
    expert.conflict_institutions.add(request.lead_institution)
    UnavailablePeriod.objects.create(expert=expert, start=START, end=END)

    unmet = unmet_constraints(criteria_for(request), [expert.pk])

    assert unmet == {
        expert.pk: [
            "not an approved expert",
            "not available for the whole period",
            "no working language at B2 or better",
            "declared a conflict of interest",
        ]
    }
