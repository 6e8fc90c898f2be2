import datetime
import secrets

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from experts.models import Shortlist, ShortlistEntry, ShortlistStatus
from missions.models import (
    Feedback,
    Invitation,
    InvitationStatus,
    Mission,
    MissionReport,
    MissionStatus,
    ReportStatus,
)
from reference.models import ActivityType

from .accounts import OfficerFactory, PartnerUserFactory
from .cooperation import ActionFactory
from .experts import ExpertFactory
from .partners import InstitutionFactory


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    action = factory.SubFactory(ActionFactory)
    number = factory.Sequence(lambda n: n + 1)
    activity_type = ActivityType.EXPERT_MISSION
    title = factory.Sequence(lambda n: f"Expert mission {n}")
    terms_of_reference = "Review the draft law on health insurance with the fund's lawyers."
    city = "Pristina"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=34))
    expert_days = 10
    experts_needed = 2
    created_by = factory.SubFactory(OfficerFactory)


class RecruitingMissionFactory(MissionFactory):
    status = MissionStatus.RECRUITING


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    mission = factory.SubFactory(MissionFactory)
    expert = factory.SubFactory(ExpertFactory)


class PendingInvitationFactory(InvitationFactory):
    """An invitation sent and waiting for an answer (the mission is recruiting)."""

    mission = factory.SubFactory(RecruitingMissionFactory)
    status = InvitationStatus.INVITED
    score = 0.8
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    invited_at = factory.LazyFunction(timezone.now)
    token_nonce = factory.LazyFunction(lambda: secrets.token_hex(16))


class AcceptedInvitationFactory(InvitationFactory):
    status = InvitationStatus.ACCEPTED
    responded_at = factory.LazyFunction(timezone.now)


class MissionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionReport

    mission = factory.SubFactory(MissionFactory, status=MissionStatus.COMPLETED)
    expert = factory.SubFactory(ExpertFactory)
    activities = "Three days of workshops with the fund's legal unit."
    findings = "The draft law leaves the benefit package undefined."
    recommendations = "Define the package by decree and review it every year."
    follow_up = "A study visit to the national health fund."
    status = ReportStatus.DRAFT


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    mission = factory.SubFactory(MissionFactory, status=MissionStatus.COMPLETED)
    institution = factory.SubFactory(InstitutionFactory)
    submitted_by = factory.SubFactory(PartnerUserFactory)
    relevance = 5
    expertise = 4
    organisation = 4
    usefulness = 5


def mission_shortlist(mission: Mission, experts, *, status=ShortlistStatus.DONE) -> Shortlist:
    """Store a shortlist for the mission, as matching would, ranking the experts in order."""
    shortlist, _created = Shortlist.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Mission),
        object_id=mission.pk,
        defaults={"status": status, "computed_at": timezone.now()},
    )
    for rank, expert in enumerate(experts, start=1):
        ShortlistEntry.objects.update_or_create(
            shortlist=shortlist,
            expert=expert,
            defaults={
                "rank": rank,
                "total_score": round(1 - rank / 10, 2),
                "explanation": "Health insurance financing; speaks English (C1).",
            },
        )
    return shortlist
