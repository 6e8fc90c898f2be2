"""The staff pages: mission list, form, page, invitations and report review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from missions import services
from missions.models import Invitation, InvitationStatus, Mission, MissionStatus, ReportStatus
from notifications.models import Notification
from tests.factories import ActionFactory, ExpertFactory, country, language
from tests.factories.missions import (
    AcceptedInvitationFactory,
    MissionFactory,
    MissionReportFactory,
    PendingInvitationFactory,
    RecruitingMissionFactory,
    mission_shortlist,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, login, officer_user):
    return login(client, officer_user)


def _form_data(**overrides):
    today = timezone.localdate()
    return {
        "activity_type": "expert_mission",
        "title": "Review of the health insurance law",
        "terms_of_reference": "Review the draft law with the fund's legal unit.",
        "city": "Pristina",
        "country": country("XK").pk,
        "start_date": (today + datetime.timedelta(days=40)).isoformat(),
        "end_date": (today + datetime.timedelta(days=44)).isoformat(),
        "expert_days": 10,
        "experts_needed": 2,
        "languages": [language("en").pk],
        **overrides,
    }


def test_mission_list_for_staff_only(client, login, partner_user, expert_user):
    url = reverse("missions:staff_list")

    assert client.get(url).status_code == 302
    assert login(client, partner_user).get(url).status_code == 404
    assert login(client, expert_user).get(url).status_code == 404


def test_mission_list_filters_and_keeps_its_queries_flat(
    staff_client, django_assert_max_num_queries
):
    recruiting = RecruitingMissionFactory.create_batch(5)
    for mission in recruiting:
        PendingInvitationFactory(mission=mission)
    MissionFactory.create_batch(3)

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("missions:staff_list"), {"status": "recruiting"})

    assert response.status_code == 200
    assert [m.pk for m in response.context["missions"]] == [m.pk for m in recruiting]
    assert [m.pending_count for m in response.context["missions"]] == [1] * 5


def test_mission_list_searches_the_action_reference(staff_client):
    mission = MissionFactory()
    MissionFactory()

    response = staff_client.get(reverse("missions:staff_list"), {"q": mission.action.reference})

    assert list(response.context["missions"]) == [mission]


def test_mission_list_search_too_long_is_refused_not_a_crash(staff_client):
    MissionFactory()

    response = staff_client.get(reverse("missions:staff_list"), {"q": "x" * 5000})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"]


def test_mission_create_saves_a_draft(staff_client):
    action = ActionFactory()

    response = staff_client.post(reverse("missions:staff_create", args=[action.pk]), _form_data())

    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("missions:staff_mission", args=[mission.pk])
    assert (mission.action, mission.number, mission.status) == (action, 1, MissionStatus.DRAFT)


def test_mission_create_refuses_an_end_before_the_start(staff_client):
    action = ActionFactory()
    today = timezone.localdate()

    response = staff_client.post(
        reverse("missions:staff_create", args=[action.pk]),
        _form_data(
            start_date=(today + datetime.timedelta(days=10)).isoformat(),
            end_date=(today + datetime.timedelta(days=9)).isoformat(),
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The mission ends before it starts."]
    assert Mission.objects.count() == 0


def test_mission_create_refuses_dates_outside_the_action_period(staff_client):
    action = ActionFactory()

    response = staff_client.post(
        reverse("missions:staff_create", args=[action.pk]),
        _form_data(
            start_date=(action.period_end - datetime.timedelta(days=1)).isoformat(),
            end_date=(action.period_end + datetime.timedelta(days=3)).isoformat(),
        ),
    )

    assert response.status_code == 200
    assert "within the action's period" in response.context["form"].errors["start_date"][0]
    assert Mission.objects.count() == 0


def test_mission_create_needs_a_place_unless_remote(staff_client):
    action = ActionFactory()
    url = reverse("missions:staff_create", args=[action.pk])

    response = staff_client.post(url, _form_data(city="", country=""))
    assert set(response.context["form"].errors) == {"city", "country"}

    staff_client.post(url, _form_data(city="", country="", is_remote="on"))
    assert Mission.objects.get().location == "Remote"


def test_mission_edit_changes_the_plan(staff_client):
    mission = MissionFactory(action=ActionFactory())

    response = staff_client.post(
        reverse("missions:staff_edit", args=[mission.pk]), _form_data(title="New title")
    )

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.title == "New title"


def test_mission_edit_of_a_completed_mission_is_refused(staff_client):
    mission = MissionFactory(status=MissionStatus.COMPLETED)

    response = staff_client.post(
        reverse("missions:staff_edit", args=[mission.pk]), _form_data(title="New title")
    )

    assert response.status_code == 200
    assert "can no longer be changed" in str(response.context["form"].non_field_errors())
    mission.refresh_from_db()
    assert mission.title != "New title"


def test_mission_page_shows_invitations_and_a_readable_history(staff_client, officer_user):
    mission = MissionFactory()
    services.mission_transition(mission=mission, name="publish", actor=officer_user)
    invitation = PendingInvitationFactory(mission=mission)
    services.invitation_decline(invitation=invitation, actor=invitation.expert.user, reason="Busy")

    response = staff_client.get(reverse("missions:staff_mission", args=[mission.pk]))

    assert response.status_code == 200
    assert list(response.context["invitations"]) == [invitation]
    assert [t.name for t in response.context["transitions"]] == ["cancel"]
    assert reverse("experts:shortlist", args=["mission", mission.pk]) in response.content.decode()
    assert [(e.title, e.body) for e in response.context["timeline"]] == [
        ("Start recruiting: Draft → Recruiting", ""),
        (f"{invitation.expert.user.full_name} – Decline: Invited → Declined", "Busy"),
    ]


def test_mission_transition_publish(staff_client):
    mission = MissionFactory()

    response = staff_client.post(reverse("missions:staff_transition", args=[mission.pk, "publish"]))

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == MissionStatus.RECRUITING


def test_mission_transition_refused_shows_the_reason_and_changes_nothing(staff_client):
    mission = MissionFactory()

    response = staff_client.post(
        reverse("missions:staff_transition", args=[mission.pk, "complete"]), follow=True
    )

    assert "is not possible while the status is “Draft”" in response.content.decode()
    mission.refresh_from_db()
    assert mission.status == MissionStatus.DRAFT


def test_mission_transition_unknown_is_not_found(staff_client):
    mission = MissionFactory()

    url = reverse("missions:staff_transition", args=[mission.pk, "explode"])
    assert staff_client.post(url).status_code == 404


def test_invite_page_lists_the_shortlist_and_invites_the_selected(staff_client):
    mission = RecruitingMissionFactory()
    first, second, third = ExpertFactory.create_batch(3)
    shortlist = mission_shortlist(mission, [first, second, third])
    PendingInvitationFactory(mission=mission, expert=third)
    url = reverse("missions:staff_invite", args=[mission.pk])

    page = staff_client.get(url)
    assert [e.expert for e in page.context["entries"]] == [first, second, third]
    assert [e.expert for e in page.context["form"].fields["entries"].queryset] == [first, second]

    entries = shortlist.entries.filter(expert__in=[first, second])
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    response = staff_client.post(
        url,
        {"entries": [e.pk for e in entries], "deadline": deadline.isoformat(), "role": "expert"},
    )

    assert response.status_code == 302
    invited = Invitation.objects.filter(expert__in=[first, second])
    assert {i.status for i in invited} == {InvitationStatus.INVITED}
    assert {timezone.localtime(i.deadline).date() for i in invited} == {deadline}


def test_invite_page_keeps_its_queries_flat(staff_client, django_assert_max_num_queries):
    mission = RecruitingMissionFactory()
    experts = ExpertFactory.create_batch(8)
    mission_shortlist(mission, experts)
    for expert in experts[:3]:
        PendingInvitationFactory(mission=mission, expert=expert)

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("missions:staff_invite", args=[mission.pk]))

    assert len(response.context["entries"]) == 8


def test_mission_page_keeps_its_queries_flat(staff_client, django_assert_max_num_queries):
    mission = RecruitingMissionFactory()
    for invitation in PendingInvitationFactory.create_batch(6, mission=mission):
        services.invitation_decline(invitation=invitation, actor=invitation.expert.user)

    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse("missions:staff_mission", args=[mission.pk]))

    assert len(response.context["invitations"]) == 6


def test_invite_page_ticks_the_experts_selected_on_the_shortlist(staff_client):
    mission = RecruitingMissionFactory()
    shortlist = mission_shortlist(mission, ExpertFactory.create_batch(2))
    chosen = shortlist.entries.order_by("rank").last()
    chosen.selected = True
    chosen.save()

    page = staff_client.get(reverse("missions:staff_invite", args=[mission.pk]))

    assert page.context["checked"] == {str(chosen.pk)}


def test_invite_without_a_shortlist_says_so(staff_client):
    mission = RecruitingMissionFactory()
    url = reverse("missions:staff_invite", args=[mission.pk])

    page = staff_client.get(url)
    response = staff_client.post(url, {"entries": ["1"], "deadline": "2030-01-01"})

    assert "has not produced a shortlist" in page.content.decode()
    assert response.status_code == 200
    assert Invitation.objects.count() == 0


def test_invite_refuses_a_past_deadline_and_an_empty_selection(staff_client):
    mission = RecruitingMissionFactory()
    mission_shortlist(mission, [ExpertFactory()])

    response = staff_client.post(
        reverse("missions:staff_invite", args=[mission.pk]),
        {"entries": [], "deadline": "2020-01-01", "role": "expert"},
    )

    assert response.context["form"].errors == {
        "entries": ["Select at least one expert to invite."],
        "deadline": ["The deadline cannot be in the past."],
    }
    assert Invitation.objects.count() == 0


def test_invitation_withdraw_through_htmx_returns_the_section(staff_client):
    invitation = PendingInvitationFactory()

    response = staff_client.post(
        reverse("missions:staff_invitation_withdraw", args=[invitation.pk]),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.templates[0].name == "missions/partials/staff_invitations.html"
    assert "invitation is withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_invitation_withdraw_of_an_answered_invitation_says_why(staff_client):
    invitation = PendingInvitationFactory(status=InvitationStatus.DECLINED)

    response = staff_client.post(
        reverse("missions:staff_invitation_withdraw", args=[invitation.pk]), follow=True
    )

    assert "is not possible while the status is “Declined”" in response.content.decode()


def test_invitation_withdraw_releases_a_confirmed_expert_with_a_message(staff_client):
    mission = RecruitingMissionFactory(experts_needed=1, status=MissionStatus.STAFFED)
    invitation = AcceptedInvitationFactory(mission=mission)

    staff_client.post(
        reverse("missions:staff_invitation_withdraw", args=[invitation.pk]),
        {"message": "The ministry asked for a Portuguese speaker instead."},
    )

    mission.refresh_from_db()
    assert mission.status == MissionStatus.RECRUITING
    assert Notification.objects.get(event="invitation_withdrawn").body == (
        "The ministry asked for a Portuguese speaker instead."
    )


def test_report_review_accepts(staff_client, officer_user):
    report = MissionReportFactory(status=ReportStatus.SUBMITTED)

    response = staff_client.post(
        reverse("missions:staff_report", args=[report.pk]), {"decision": "accept", "comment": ""}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, officer_user)


def test_report_review_return_needs_comments(staff_client):
    report = MissionReportFactory(status=ReportStatus.SUBMITTED)

    response = staff_client.post(
        reverse("missions:staff_report", args=[report.pk]), {"decision": "return", "comment": ""}
    )

    assert response.context["form"].errors == {"comment": ["Say what the expert should change."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_mission_pages_of_staff_hidden_from_other_roles(client, login, expert_user):
    mission = MissionFactory()
    login(client, expert_user)

    assert client.get(reverse("missions:staff_mission", args=[mission.pk])).status_code == 404
