"""The partner's pages: their institutions' missions, confirmed experts, feedback."""

import pytest
from django.urls import reverse

from missions.models import Feedback, MissionStatus
from tests.factories import ActionFactory, InstitutionFactory, MembershipFactory
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
    mission_shortlist,
)

pytestmark = pytest.mark.django_db

RATINGS = {"relevance": 5, "expertise": 4, "organisation": 3, "usefulness": 5}


@pytest.fixture
def membership():
    return MembershipFactory()


@pytest.fixture
def action(membership):
    return ActionFactory(institutions=[membership.institution])


@pytest.fixture
def partner_client(client, login, membership):
    return login(client, membership.user)


def test_mission_list_shows_own_missions_but_not_drafts(
    partner_client, action, django_assert_max_num_queries
):
    own = RecruitingMissionFactory.create_batch(4, action=action)
    MissionFactory(action=action)  # a draft, still being planned
    RecruitingMissionFactory(action=ActionFactory(institutions=[InstitutionFactory()]))

    with django_assert_max_num_queries(6):
        response = partner_client.get(reverse("missions:partner_list"))

    assert response.status_code == 200
    assert [m.pk for m in response.context["missions"]] == [m.pk for m in own]


def test_mission_of_another_institution_is_not_found(partner_client):
    mission = RecruitingMissionFactory()

    assert (
        partner_client.get(reverse("missions:partner_mission", args=[mission.pk])).status_code
        == 404
    )


def test_mission_page_shows_confirmed_experts_never_the_shortlist_or_scores(partner_client, action):
    mission = RecruitingMissionFactory(action=action)
    confirmed = AcceptedInvitationFactory(mission=mission, score=0.93)
    pending = PendingInvitationFactory(mission=mission)
    mission_shortlist(mission, [confirmed.expert, pending.expert])

    response = partner_client.get(reverse("missions:partner_mission", args=[mission.pk]))

    page = response.content.decode()
    assert list(response.context["confirmed"]) == [confirmed]
    assert confirmed.expert.user.full_name in page
    assert confirmed.expert.employer in page
    assert confirmed.expert.nationality.name in page
    assert pending.expert.user.full_name not in page
    assert "0.93" not in page


def test_feedback_before_the_mission_took_place_is_not_open(partner_client, action, membership):
    mission = RecruitingMissionFactory(action=action)

    response = partner_client.post(
        reverse("missions:partner_feedback", args=[mission.pk, membership.institution.pk]),
        RATINGS,
    )

    assert response.status_code == 302
    assert Feedback.objects.count() == 0


def test_feedback_twice_edits_the_first(partner_client, action, membership):
    mission = MissionFactory(action=action, status=MissionStatus.COMPLETED)
    url = reverse("missions:partner_feedback", args=[mission.pk, membership.institution.pk])

    partner_client.post(url, {**RATINGS, "comments": "Useful."})
    page = partner_client.get(url)
    partner_client.post(url, {**RATINGS, "organisation": 5, "comments": "Useful indeed."})

    assert page.context["existing"].comments == "Useful."
    feedback = Feedback.objects.get()
    assert (feedback.organisation, feedback.comments, feedback.submitted_by) == (
        5,
        "Useful indeed.",
        membership.user,
    )


def test_feedback_out_of_scale_is_refused(partner_client, action, membership):
    mission = MissionFactory(action=action, status=MissionStatus.COMPLETED)

    response = partner_client.post(
        reverse("missions:partner_feedback", args=[mission.pk, membership.institution.pk]),
        {**RATINGS, "relevance": 6},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["relevance"]
    assert Feedback.objects.count() == 0


def test_feedback_for_an_institution_not_the_users_is_not_found(partner_client, action):
    other = InstitutionFactory()
    action.institutions.add(other)
    mission = MissionFactory(action=action, status=MissionStatus.COMPLETED)

    response = partner_client.post(
        reverse("missions:partner_feedback", args=[mission.pk, other.pk]), RATINGS
    )

    assert response.status_code == 404
    assert Feedback.objects.count() == 0
