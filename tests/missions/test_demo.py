"""The missions demo: every status of missions, invitations and reports, and feedback."""

import pytest

from demo.missions import seed_demo_missions
from missions.models import Feedback, Invitation, Mission, MissionReport
from tests.factories import (
    ActionFactory,
    ExpertFactory,
    MembershipFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_demo_missions_skip_cleanly_without_open_actions():
    ActionFactory(status="cancelled")
    ExpertFactory.create_batch(6)

    assert (
        seed_demo_missions(
            officer=OfficerFactory(), partner=UserFactory(), expert_user=UserFactory()
        )
        == []
    )
    assert Mission.objects.count() == 0


def test_demo_missions_cover_every_status_and_run_once():
    membership = MembershipFactory()
    ActionFactory(status="in_progress", institutions=[membership.institution])
    login = ExpertFactory()
    ExpertFactory.create_batch(5)
    people = {
        "officer": OfficerFactory(),
        "partner": membership.user,
        "expert_user": login.user,
    }

    missions = seed_demo_missions(**people)

    assert {m.status for m in missions} == {
        "draft", "recruiting", "staffed", "in_progress",
        "completed", "reported", "closed", "cancelled",
    }  # fmt: skip
    assert set(Invitation.objects.values_list("status", flat=True)) == {
        "shortlisted", "invited", "accepted", "declined", "expired", "withdrawn",
    }  # fmt: skip
    assert set(MissionReport.objects.values_list("status", flat=True)) == {
        "draft", "submitted", "returned", "accepted",
    }  # fmt: skip
    assert Invitation.objects.filter(expert=login, status="invited").count() == 1
    assert Feedback.objects.count() == 2
    assert seed_demo_missions(**people) == []
