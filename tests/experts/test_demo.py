"""The demo roster: a few hundred experts, created once, and the demo login's own profile."""

import pytest

from accounts.models import Role
from demo.experts import ROSTER_SIZE, seed_demo_experts
from demo.users import seed_demo_users
from experts.models import Expert, RosterStatus
from experts.selectors import expert_completeness
from reference.services import reference_data_load

pytestmark = pytest.mark.django_db


def test_seed_demo_experts_creates_the_roster_once(django_assert_max_num_queries):
    reference_data_load()
    expert_user = seed_demo_users()[Role.EXPERT]

    created = seed_demo_experts(expert_user=expert_user)
    with django_assert_max_num_queries(20):
        again = seed_demo_experts(expert_user=expert_user)

    assert (created, again) == (ROSTER_SIZE, 0)
    assert Expert.objects.count() == ROSTER_SIZE + 1
    statuses = set(Expert.objects.values_list("roster_status", flat=True))
    assert statuses == {"draft", "applied", "approved", "rejected", "suspended"}
    nationalities = set(Expert.objects.values_list("nationality", flat=True))
    assert {"LU", "PT", "HR", "HU"} <= nationalities
    languages = set(Expert.objects.values_list("languages__language", flat=True))
    assert {"ru", "sr", "hr", "bs", "en", "fr"} <= languages


def test_demo_login_is_an_approved_health_insurance_expert_from_luxembourg():
    reference_data_load()
    expert_user = seed_demo_users()[Role.EXPERT]

    seed_demo_experts(expert_user=expert_user)

    expert = Expert.objects.get(user=expert_user)
    assert (expert.roster_status, expert.nationality_id) == (RosterStatus.APPROVED, "LU")
    assert "health-insurance" in expert.themes.values_list("theme__code", flat=True)
    assert expert_completeness(expert).is_complete
