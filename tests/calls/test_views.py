"""The call pages: public list and ranking, applying, staff's pages, the mission page hook."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from calls import selectors
from calls.models import MOTIVATION_MAX_LENGTH, Application, Call, CallStatus
from experts.matching import score_experts
from missions.models import ExpertRole, MissionStatus
from tests.factories import OfficerFactory, theme
from tests.factories.calls import CallFactory, PositionFactory
from tests.factories.experts import DraftExpertFactory
from tests.factories.missions import MissionFactory

from .conftest import fitting_expert, unfit_expert

pytestmark = pytest.mark.django_db


def _apply_url(position) -> str:
    return reverse("calls:apply", args=[position.pk])


def _motivation() -> dict:
    return {"motivation": "Ten years at the national health fund.", "availability_confirmed": "on"}


def test_public_list_shows_open_positions_to_anonymous_users(client, position):
    draft = PositionFactory(call=CallFactory(), expertise_sought="Secret draft")
    response = client.get(reverse("calls:list"))
    assert response.status_code == 200
    assert position.call.mission.title in response.text
    assert draft.call.mission.title not in response.text
    assert reverse("calls:detail", args=[position.call_id]) in response.text


def test_public_list_query_count_is_bounded(client, django_assert_max_num_queries):
    for _ in range(5):
        PositionFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("calls:list"))
    assert response.text.count("calls/") >= 5


def test_expert_sees_positions_ranked_by_fit_with_explanations(client, login, position):
    expert = fitting_expert()
    poor = PositionFactory(
        theme=theme("labour-inspection"), expertise_sought="Labour inspection in mines."
    )
    login(client, expert.user)
    response = client.get(reverse("calls:list"))
    ranked = response.context["ranked"]
    assert [item.position for item in ranked] == [position, poor]
    assert ranked[0].match.total > ranked[1].match.total
    assert "Health insurance and financing: exact sub-area, 14 years" in response.text
    assert response.text.index(position.call.mission.title) < response.text.index(
        poor.call.mission.title
    )


def test_expert_ranking_scores_are_matchings_and_only_the_best_are_explained(
    client, login, monkeypatch
):
    monkeypatch.setattr(selectors, "EXPLAINED_POSITIONS", 2)
    expert = fitting_expert()
    positions = [PositionFactory() for _ in range(3)]
    login(client, expert.user)
    ranked = client.get(reverse("calls:list")).context["ranked"]
    for item in ranked:
        criteria = selectors.position_criteria(item.position)
        (match,) = score_experts(criteria, [expert.pk])
        assert item.match.total == match.total
        assert item.match.scores == match.scores
    assert [item.explained for item in ranked] == [True, True, False]
    assert (
        ranked[0].match.explanation
        == score_experts(selectors.position_criteria(ranked[0].position), [expert.pk])[
            0
        ].explanation
    )
    assert {item.position for item in ranked} == set(positions)


def test_expert_ranking_query_count_is_bounded(client, login, django_assert_max_num_queries):
    expert = fitting_expert()
    for _ in range(12):
        PositionFactory()
    login(client, expert.user)
    # The expert's facts once, a few queries per mission, then the ten explained positions.
    with django_assert_max_num_queries(12 * 7 + 10 * 16 + 20):
        response = client.get(reverse("calls:list"))
    assert len(response.context["ranked"]) == 12


def test_apply_page_sends_an_unapproved_expert_to_the_profile(client, login, position):
    expert = DraftExpertFactory()
    login(client, expert.user)
    response = client.get(_apply_url(position))
    assert response.status_code == 302
    assert response.url == reverse("experts:profile")
    assert not Application.objects.exists()


def test_apply_sends_the_application_and_a_second_click_is_harmless(client, login, position):
    expert = fitting_expert()
    login(client, expert.user)
    response = client.post(_apply_url(position), _motivation())
    assert response.status_code == 302
    assert response.url == reverse("calls:my_applications")
    again = client.post(_apply_url(position), _motivation(), follow=True)
    assert "received already" in again.text
    assert Application.objects.filter(expert=expert).count() == 1
    listing = client.get(reverse("calls:my_applications"))
    assert position.call.mission.title in listing.text


def test_apply_with_huge_text_or_no_confirmation_keeps_what_was_typed(client, login, position):
    login(client, fitting_expert().user)
    huge = "a" * (MOTIVATION_MAX_LENGTH + 1)
    response = client.post(_apply_url(position), {"motivation": huge})
    assert response.status_code == 200
    assert "at most" in response.text
    assert "confirm that you are available" in response.text
    assert huge in response.text
    assert not Application.objects.exists()


def test_apply_after_the_deadline_shows_why(client, login, position):
    Call.objects.filter(pk=position.call_id).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    login(client, fitting_expert().user)
    response = client.get(_apply_url(position))
    assert "has passed" in response.text
    response = client.post(_apply_url(position), _motivation())
    assert response.status_code == 200
    assert "has passed" in response.text
    assert not Application.objects.exists()


def test_another_expert_cannot_withdraw_an_application(client, login, position):
    owner = fitting_expert()
    login(client, owner.user)
    client.post(_apply_url(position), _motivation())
    application = Application.objects.get()
    login(client, unfit_expert().user)
    response = client.post(reverse("calls:application_withdraw", args=[application.pk]))
    assert response.status_code == 404
    login(client, owner.user)
    client.post(reverse("calls:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_staff_prepare_and_publish_a_call_from_the_mission_page(client, login):
    officer = OfficerFactory()
    mission = MissionFactory(status=MissionStatus.RECRUITING)
    login(client, officer)
    page = client.get(reverse("missions:staff_mission", args=[mission.pk]))
    create_url = reverse("calls:staff_create", args=[mission.pk])
    assert create_url in page.text
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(create_url, {"deadline": deadline, "introduction": "Join us."})
    call = Call.objects.get(mission=mission)
    assert response.url == reverse("calls:staff_position_add", args=[call.pk])
    response = client.post(
        reverse("calls:staff_position_add", args=[call.pk]),
        {
            "role": ExpertRole.LEAD,
            "theme": theme("pensions").pk,
            "expertise_sought": "Pension reform",
            "languages": ["en"],
            "expert_days": 4,
            "places": 1,
            "start_date": mission.start_date.isoformat(),
            "end_date": mission.end_date.isoformat(),
            "location": "Pristina",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("calls:staff_transition", args=[call.pk, "publish"]))
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    page = client.get(reverse("missions:staff_mission", args=[mission.pk]))
    assert reverse("calls:staff_detail", args=[call.pk]) in page.text


def test_staff_position_form_refuses_reversed_dates(client, login):
    call = CallFactory()
    login(client, call.created_by)
    response = client.post(
        reverse("calls:staff_position_add", args=[call.pk]),
        {
            "role": ExpertRole.EXPERT,
            "theme": theme("pensions").pk,
            "expertise_sought": "Pensions",
            "expert_days": 4,
            "places": 1,
            "start_date": call.mission.end_date.isoformat(),
            "end_date": call.mission.start_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.text
    assert not call.positions.exists()


def test_staff_list_query_count_is_bounded(client, login, django_assert_max_num_queries):
    officer = OfficerFactory()
    for _ in range(5):
        PositionFactory()
    login(client, officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("calls:staff_list"))
    assert len(response.context["calls"]) == 5
    filtered = client.get(reverse("calls:staff_list"), {"status": "draft"})
    assert len(filtered.context["calls"]) == 0


def test_staff_call_page_lists_applications_and_removes_draft_positions(client, login, position):
    expert = fitting_expert(user__full_name="Ana Ferreira")
    login(client, expert.user)
    client.post(_apply_url(position), _motivation())
    officer = OfficerFactory()
    login(client, officer)
    page = client.get(reverse("calls:staff_detail", args=[position.call_id]))
    assert "Ana Ferreira" in page.text
    assert "Ten years at the national health fund." in page.text
    refused = client.post(reverse("calls:staff_position_remove", args=[position.pk]), follow=True)
    assert "only while the call is a draft" in refused.text
    draft_position = PositionFactory(call=CallFactory())
    client.post(reverse("calls:staff_position_remove", args=[draft_position.pk]))
    assert not draft_position.call.positions.exists()


def test_an_expert_who_withdrew_sees_apply_again_and_applies(client, login, position):
    expert = fitting_expert()
    login(client, expert.user)
    client.post(_apply_url(position), _motivation())
    first = Application.objects.get()
    detail = reverse("calls:detail", args=[position.call_id])
    assert _apply_url(position) not in client.get(detail).text

    client.post(reverse("calls:application_withdraw", args=[first.pk]))
    page = client.get(detail)
    assert "you may apply again" in page.text
    assert _apply_url(position) in page.text

    response = client.post(_apply_url(position), _motivation())
    assert response.status_code == 302
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "submitted",
        "withdrawn",
    ]
    again = client.post(_apply_url(position), _motivation(), follow=True)
    assert "received already" in again.text
    assert Application.objects.filter(status="submitted").count() == 1
    assert _apply_url(position) not in client.get(detail).text


def test_my_applications_show_a_cancelled_mission(client, login, position):
    from tests.factories.calls import ApplicationFactory

    expert = fitting_expert()
    ApplicationFactory(position=position, expert=expert, status="cancelled")
    login(client, expert.user)
    response = client.get(reverse("calls:my_applications"))
    assert "Mission cancelled" in response.text


def test_staff_move_the_passed_deadline_of_a_draft_call_then_publish_it(client, login):
    call = CallFactory(deadline=timezone.now() - datetime.timedelta(days=1))
    PositionFactory(call=call)
    login(client, call.created_by)
    publish = reverse("calls:staff_transition", args=[call.pk, "publish"])
    client.post(publish)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT  # refused: the deadline has passed
    edit = reverse("calls:staff_edit", args=[call.pk])
    assert edit in client.get(reverse("calls:staff_detail", args=[call.pk])).text

    past = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client.post(edit, {"deadline": past, "introduction": "Kept."})
    assert "The deadline cannot be in the past." in response.text
    assert "Kept." in response.text
    later = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(edit, {"deadline": later.isoformat(), "introduction": "New words."})
    assert response.url == reverse("calls:staff_detail", args=[call.pk])
    client.post(publish)

    call.refresh_from_db()
    assert (timezone.localdate(call.deadline), call.introduction) == (later, "New words.")
    assert call.status == CallStatus.PUBLISHED
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"deadline": later.isoformat(), "introduction": "Too late."})
    assert "only while it is a draft" in response.text
    call.refresh_from_db()
    assert call.introduction == "New words."
