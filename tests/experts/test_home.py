"""The expert's home: status, completeness, invitations, missions, reports due, availability."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from experts.models import RosterStatus
from missions.models import InvitationStatus, MissionReport, MissionStatus, ReportStatus
from tests.factories import ExpertFactory, InvitationFactory, MissionFactory
from tests.factories.experts import UnavailablePeriodFactory

pytestmark = pytest.mark.django_db


def test_home_shows_invitations_missions_and_reports_due(client, django_assert_max_num_queries):
    expert = ExpertFactory(max_days_per_year=40)
    today = timezone.localdate()
    InvitationFactory(
        expert=expert, status=InvitationStatus.INVITED, mission__title="Foster care review"
    )
    InvitationFactory(
        expert=expert, status=InvitationStatus.ACCEPTED, mission__title="Health insurance law"
    )
    done = MissionFactory(
        title="Quality control visit",
        status=MissionStatus.COMPLETED,
        start_date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=16),
    )
    InvitationFactory(expert=expert, status=InvitationStatus.ACCEPTED, mission=done)
    reported = MissionFactory(title="Pension audit", status=MissionStatus.COMPLETED)
    InvitationFactory(expert=expert, status=InvitationStatus.ACCEPTED, mission=reported)
    MissionReport.objects.create(mission=reported, expert=expert, status=ReportStatus.SUBMITTED)
    InvitationFactory(expert=expert, status=InvitationStatus.DECLINED, mission__title="Declined")
    UnavailablePeriodFactory(expert=expert, reason="Parental leave")
    client.force_login(expert.user)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("experts:home"))

    home = response.context["home"]
    assert [i.mission.title for i in home.invitations] == ["Foster care review"]
    assert [i.mission.title for i in home.missions] == ["Health insurance law"]
    assert [i.mission.title for i in home.reports_due] == ["Quality control visit"]
    content = response.content.decode()
    assert "Parental leave" in content
    assert "You are on the roster" in content


def test_home_of_a_rejected_expert_shows_the_managers_note(client):
    expert = ExpertFactory(roster_status=RosterStatus.REJECTED, vetting_note="Add your CV.")
    client.force_login(expert.user)

    response = client.get(reverse("experts:home"))

    content = response.content.decode()
    assert "Your profile was not approved" in content
    assert "Add your CV." in content
