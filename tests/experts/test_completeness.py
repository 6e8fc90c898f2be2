"""The one completeness rule: what a profile needs before it can be submitted."""

import pytest

from experts.selectors import expert_completeness
from reference.models import LanguageLevel
from tests.factories import language
from tests.factories.experts import (
    CompleteExpertFactory,
    DraftExpertFactory,
    ExpertLanguageFactory,
)

pytestmark = pytest.mark.django_db


def test_completeness_of_a_new_profile_lists_every_required_item():
    completeness = expert_completeness(DraftExpertFactory())

    assert [item.label for item in completeness.missing] == [
        "Nationality",
        "Current employer",
        "Employer type",
        "Position",
        "Years of experience",
        "At least one area of thematic expertise",
        "A working language at B2 or better",
        "Summary of your experience",
        "CV",
        "Maximum mission days a year",
        "Consent to the processing of your data",
    ]
    assert completeness.percent == 0
    assert not completeness.is_complete


def test_completeness_of_a_filled_in_profile_is_complete():
    completeness = expert_completeness(CompleteExpertFactory())

    assert completeness.missing == []
    assert completeness.percent == 100
    assert completeness.is_complete


def test_completeness_needs_a_working_language_at_b2_or_better():
    expert = CompleteExpertFactory()
    expert.languages.update(level=LanguageLevel.B1)
    ExpertLanguageFactory(expert=expert, language=language("fr"), level=LanguageLevel.A2)

    completeness = expert_completeness(expert)

    assert [item.label for item in completeness.missing] == ["A working language at B2 or better"]


def test_completeness_ignores_a_summary_of_blanks():
    expert = CompleteExpertFactory(summary="   ")

    assert [item.section for item in expert_completeness(expert).missing] == ["summary"]


def test_completeness_percent_counts_the_items_done():
    expert = DraftExpertFactory(position="Director", employer="HZZO")

    assert expert_completeness(expert).percent == 18  # 2 of 11


def test_completeness_section_status_marks_optional_sections():
    completeness = expert_completeness(DraftExpertFactory(position="Director"))

    assert completeness.section_status("countries") == "optional"
    assert completeness.section_status("details") == "missing"
    assert expert_completeness(CompleteExpertFactory()).section_status("details") == "done"
