"""The mission panels other apps' pages include through ``missions_tags``."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from missions.models import MissionStatus
from tests.factories import ActionFactory, ExpertFactory, MembershipFactory, OfficerFactory
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
)

pytestmark = pytest.mark.django_db


def _render(source: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load missions_tags %}" + source).render(
        Context({"request": request, **context})
    )


def test_action_missions_for_staff_link_each_mission_and_offer_to_add(
    django_assert_max_num_queries,
):
    action = ActionFactory()
    missions = MissionFactory.create_batch(3, action=action)
    officer = OfficerFactory()

    with django_assert_max_num_queries(1):
        html = _render("{% action_missions action %}", officer, action=action)

    assert reverse("missions:staff_create", args=[action.pk]) in html
    for mission in missions:
        assert reverse("missions:staff_mission", args=[mission.pk]) in html


def test_action_missions_for_partners_hide_drafts():
    membership = MembershipFactory()
    action = ActionFactory(institutions=[membership.institution])
    draft = MissionFactory(action=action, title="Still a draft")
    recruiting = RecruitingMissionFactory(action=action)

    html = _render("{% action_missions action %}", membership.user, action=action)

    assert reverse("missions:partner_mission", args=[recruiting.pk]) in html
    assert draft.title not in html
    assert reverse("missions:staff_create", args=[action.pk]) not in html


def test_expert_home_shows_the_mission_panels_with_links(client, login):
    expert = ExpertFactory()
    pending = PendingInvitationFactory(expert=expert)
    coming = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.STAFFED)
    due = AcceptedInvitationFactory(expert=expert, mission__status=MissionStatus.COMPLETED)

    html = login(client, expert.user).get(reverse("experts:home")).content.decode()

    assert reverse("missions:expert_invitation", args=[pending.pk]) in html
    assert reverse("missions:expert_invitation", args=[coming.pk]) in html
    assert reverse("missions:expert_report", args=[due.mission_id]) in html


def test_partner_panel_shows_confirmed_experts(django_assert_max_num_queries):
    membership = MembershipFactory()
    action = ActionFactory(institutions=[membership.institution])
    missions = RecruitingMissionFactory.create_batch(3, action=action)
    confirmed = [AcceptedInvitationFactory(mission=mission) for mission in missions]

    with django_assert_max_num_queries(5):
        html = _render("{% partner_missions_panel %}", membership.user)

    for invitation in confirmed:
        assert invitation.expert.user.full_name in html


def test_partner_home_shows_the_missions_panel(client, login):
    membership = MembershipFactory()
    action = ActionFactory(institutions=[membership.institution])
    confirmed = AcceptedInvitationFactory(
        mission=MissionFactory(action=action, status=MissionStatus.COMPLETED)
    )

    html = login(client, membership.user).get(reverse("partners:home")).content.decode()

    assert confirmed.expert.user.full_name in html
    assert "Give feedback" in html
