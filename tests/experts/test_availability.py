"""Availability arithmetic, in pure functions and in the database."""

import datetime

import pytest

from experts.availability import Period, days_within, overlapping_pairs, year_period
from experts.selectors import expert_mission_days, experts_available_for
from missions.models import InvitationStatus
from tests.factories import ExpertFactory, InvitationFactory, MissionFactory
from tests.factories.experts import UnavailablePeriodFactory

D = datetime.date


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        Period(D(2027, 3, 10), D(2027, 3, 9))


def test_period_days_count_both_ends():
    assert Period(D(2027, 3, 1), D(2027, 3, 1)).days == 1
    assert Period(D(2027, 2, 27), D(2027, 3, 2)).days == 4


def test_periods_sharing_one_day_overlap():
    assert Period(D(2027, 3, 1), D(2027, 3, 10)).overlaps(Period(D(2027, 3, 10), D(2027, 3, 12)))


def test_periods_back_to_back_do_not_overlap():
    assert not Period(D(2027, 3, 1), D(2027, 3, 10)).overlaps(
        Period(D(2027, 3, 11), D(2027, 3, 12))
    )


def test_overlapping_pairs_reports_each_later_period_by_position():
    periods = [
        Period(D(2027, 5, 1), D(2027, 5, 3)),
        Period(D(2027, 1, 1), D(2027, 1, 31)),
        Period(D(2027, 1, 10), D(2027, 1, 12)),
        Period(D(2027, 1, 20), D(2027, 2, 5)),
    ]

    assert overlapping_pairs(periods) == [(1, 2), (1, 3)]


def test_overlapping_pairs_of_identical_periods():
    period = Period(D(2027, 1, 1), D(2027, 1, 2))

    assert overlapping_pairs([period, period]) == [(0, 1)]


def test_overlapping_pairs_none_when_periods_are_apart():
    assert (
        overlapping_pairs(
            [Period(D(2027, 1, 1), D(2027, 1, 2)), Period(D(2027, 1, 3), D(2027, 1, 4))]
        )
        == []
    )


def test_days_within_clips_periods_to_the_window():
    periods = [Period(D(2026, 12, 30), D(2027, 1, 2)), Period(D(2027, 6, 1), D(2027, 6, 5))]

    assert days_within(periods, year_period(2027)) == 7


@pytest.mark.django_db
def test_experts_available_for_excludes_an_overlapping_unavailable_period():
    free = ExpertFactory()
    away = ExpertFactory()
    UnavailablePeriodFactory(expert=away, start=D(2027, 4, 9), end=D(2027, 4, 20))
    UnavailablePeriodFactory(expert=free, start=D(2027, 4, 10), end=D(2027, 4, 20))

    available = experts_available_for(D(2027, 4, 5), D(2027, 4, 9))

    assert list(available) == [free]


@pytest.mark.django_db
def test_experts_available_for_excludes_an_accepted_overlapping_mission():
    free = ExpertFactory()
    busy = ExpertFactory()
    mission = MissionFactory(start_date=D(2027, 4, 1), end_date=D(2027, 4, 5))
    InvitationFactory(mission=mission, expert=busy, status=InvitationStatus.ACCEPTED)
    InvitationFactory(mission=mission, expert=free, status=InvitationStatus.DECLINED)

    available = experts_available_for(D(2027, 4, 5), D(2027, 4, 9))

    assert list(available) == [free]


@pytest.mark.django_db
def test_expert_mission_days_counts_accepted_missions_in_the_year():
    expert = ExpertFactory()
    for start, end, status in [
        (D(2026, 12, 30), D(2027, 1, 3), InvitationStatus.ACCEPTED),
        (D(2027, 3, 1), D(2027, 3, 5), InvitationStatus.ACCEPTED),
        (D(2027, 5, 1), D(2027, 5, 5), InvitationStatus.DECLINED),
    ]:
        InvitationFactory(
            expert=expert, status=status, mission=MissionFactory(start_date=start, end_date=end)
        )

    assert expert_mission_days(expert, year=2027) == 8
