"""Each filter of the staff's roster search."""

import datetime

import pytest

from experts.filters import RosterFilter
from experts.models import EmployerType, RosterStatus
from experts.selectors import experts_for_roster
from missions.models import InvitationStatus
from reference.models import LanguageLevel
from tests.factories import (
    ExpertFactory,
    ExpertLanguageFactory,
    ExpertThemeFactory,
    ExpertUserFactory,
    InvitationFactory,
    MissionFactory,
    country,
    language,
    theme,
)
from tests.factories.experts import UnavailablePeriodFactory

pytestmark = pytest.mark.django_db


def search(**data) -> list:
    return list(RosterFilter(data, queryset=experts_for_roster()).qs)


def errors(**data) -> dict:
    return RosterFilter(data, queryset=experts_for_roster()).form.errors


def test_no_filter_lists_the_roster_newest_first_without_anonymised_profiles():
    older, newer = ExpertFactory(), ExpertFactory()
    ExpertFactory(roster_status=RosterStatus.ANONYMISED)

    assert search() == [newer, older]


def test_theme_filter_on_a_sub_area():
    pensions = ExpertThemeFactory(theme=theme("pensions")).expert
    ExpertThemeFactory(theme=theme("disability"))

    assert search(theme=theme("pensions").pk) == [pensions]


def test_theme_filter_on_an_area_includes_its_sub_areas():
    pensions = ExpertThemeFactory(theme=theme("pensions")).expert
    disability = ExpertThemeFactory(theme=theme("disability")).expert
    ExpertThemeFactory(theme=theme("health-insurance"))

    assert search(theme=theme("social-protection").pk) == [disability, pensions]


def test_theme_filter_lists_an_expert_with_two_matching_sub_areas_once():
    expert = ExpertThemeFactory(theme=theme("pensions")).expert
    ExpertThemeFactory(expert=expert, theme=theme("disability"))

    assert search(theme=theme("social-protection").pk) == [expert]


def test_language_filter_with_a_minimum_level():
    fluent = ExpertLanguageFactory(language=language("ru"), level=LanguageLevel.C1).expert
    basic = ExpertLanguageFactory(language=language("ru"), level=LanguageLevel.A2).expert
    ExpertLanguageFactory(language=language("en"), level=LanguageLevel.C2)

    assert search(language="ru") == [basic, fluent]
    assert search(language="ru", min_level=LanguageLevel.B2) == [fluent]


def test_minimum_level_without_a_language_is_refused_next_to_the_language():
    assert errors(min_level=LanguageLevel.B2) == {
        "language": ["Choose the language the minimum level applies to."]
    }


def test_invalid_language_level_is_refused():
    language("en")

    assert list(errors(language="en", min_level="9")) == ["min_level"]


def test_nationality_filter():
    portuguese = ExpertFactory(nationality=country("PT"))
    ExpertFactory(nationality=country("HU"))

    assert search(nationality="PT") == [portuguese]


def test_experience_country_and_region_filters():
    kosovo = ExpertFactory()
    kosovo.countries_of_experience.set([country("XK"), country("ME")])
    kazakhstan = ExpertFactory()
    kazakhstan.countries_of_experience.set([country("KZ")])

    assert search(experience_country="XK") == [kosovo]
    assert search(experience_region="central_asia") == [kazakhstan]
    assert search(experience_region="western_balkans") == [kosovo]


def test_employer_type_filter():
    academic = ExpertFactory(employer_type=EmployerType.ACADEMIA)
    ExpertFactory(employer_type=EmployerType.PUBLIC_ADMINISTRATION)

    assert search(employer_type="academia") == [academic]


def test_availability_filter_needs_the_whole_period_free():
    free = ExpertFactory()
    on_leave = UnavailablePeriodFactory(
        start=datetime.date(2027, 4, 1), end=datetime.date(2027, 4, 3)
    ).expert
    on_mission = ExpertFactory()
    InvitationFactory(
        expert=on_mission,
        status=InvitationStatus.ACCEPTED,
        mission=MissionFactory(
            start_date=datetime.date(2027, 4, 7), end_date=datetime.date(2027, 4, 9)
        ),
    )

    assert search(available_from="2027-04-03", available_until="2027-04-07") == [free]
    assert search(available_from="2027-04-04", available_until="2027-04-06") == [
        on_mission,
        on_leave,
        free,
    ]


def test_availability_filter_refuses_a_period_ending_before_it_starts():
    assert errors(available_from="2027-04-07", available_until="2027-04-01") == {
        "available_until": ["The period ends before it starts."]
    }


def test_availability_filter_needs_both_days():
    assert errors(available_from="2027-04-07") == {
        "available_until": ["Give the last day of the period too."]
    }


def test_roster_status_filter():
    applicant = ExpertFactory(roster_status=RosterStatus.APPLIED)
    ExpertFactory()

    assert search(roster_status="applied") == [applicant]


def test_roster_status_filter_does_not_offer_anonymised():
    assert list(errors(roster_status="anonymised")) == ["roster_status"]


def test_free_text_searches_name_position_summary_and_keywords():
    by_name = ExpertFactory(user=ExpertUserFactory(full_name="Ivana Horvat"))
    by_position = ExpertFactory(position="Director of the pension fund")
    by_summary = ExpertFactory(summary="Reformed foster care in Zagreb.")
    by_keyword = ExpertFactory(keywords="labour inspection, OSH")

    assert search(q="horvat") == [by_name]
    assert search(q="PENSION") == [by_position]
    assert search(q="foster zagreb") == [by_summary]
    assert search(q="osh") == [by_keyword]


def test_sort_by_name():
    bela = ExpertFactory(user=ExpertUserFactory(full_name="Béla Kovács"))
    ana = ExpertFactory(user=ExpertUserFactory(full_name="Ana Silva"))

    assert search(sort="name") == [ana, bela]


def test_filters_combine():
    match = ExpertFactory(nationality=country("HR"))
    ExpertThemeFactory(expert=match, theme=theme("child-protection"))
    ExpertLanguageFactory(expert=match, language=language("sr"), level=LanguageLevel.C2)
    near_miss = ExpertFactory(nationality=country("HR"))
    ExpertThemeFactory(expert=near_miss, theme=theme("child-protection"))

    assert search(nationality="HR", theme=theme("social-protection").pk, language="sr") == [match]


def test_free_text_longer_than_the_limit_is_refused_not_crashed():
    assert list(errors(q="x" * 60_000)) == ["q"]
