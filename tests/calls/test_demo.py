"""The calls demo: published calls on the missions still looking for experts, with applications."""

import pytest

from calls.models import Application, Call, CallStatus
from demo.calls import seed_demo_calls
from experts.models import ShortlistSource
from experts.shortlists import shortlist_of
from tests.factories import ExpertFactory, OfficerFactory
from tests.factories.missions import MissionFactory, RecruitingMissionFactory

from .conftest import fitting_expert

pytestmark = pytest.mark.django_db


def test_demo_calls_skip_cleanly_without_missions_looking_for_experts():
    MissionFactory(status="staffed")
    assert seed_demo_calls(officer=OfficerFactory(), expert_user=ExpertFactory().user) == []
    assert not Call.objects.exists()


def test_demo_calls_are_published_with_an_application_and_run_once():
    RecruitingMissionFactory()
    MissionFactory()  # a draft
    login = fitting_expert()
    fitting_expert()
    fitting_expert()
    officer = OfficerFactory()

    calls = seed_demo_calls(officer=officer, expert_user=login.user)

    assert len(calls) == 2
    assert {call.status for call in calls} == {CallStatus.PUBLISHED}
    assert all(call.positions.exists() for call in calls)
    applications = Application.objects.all()
    assert applications.count() == 2
    assert not applications.filter(expert=login).exists()  # left free to try applying
    for application in applications:
        entry = shortlist_of(application.call.mission).entries.get(expert=application.expert)
        assert entry.source == ShortlistSource.APPLICATION
    assert seed_demo_calls(officer=officer, expert_user=login.user) == []
    assert Call.objects.count() == 2
