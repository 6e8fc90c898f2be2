import datetime

import factory
from django.utils import timezone

from calls.models import Application, Call, CallStatus, Position
from missions.models import ExpertRole

from .accounts import OfficerFactory
from .experts import ExpertFactory
from .missions import RecruitingMissionFactory
from .reference import language, theme


class CallFactory(factory.django.DjangoModelFactory):
    """A draft call on a recruiting mission, open for two weeks."""

    class Meta:
        model = Call

    mission = factory.SubFactory(RecruitingMissionFactory)
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    introduction = "The fund reviews its benefit package."
    created_by = factory.SubFactory(OfficerFactory)


class PublishedCallFactory(CallFactory):
    status = CallStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PositionFactory(factory.django.DjangoModelFactory):
    """An expert position in health insurance, English, over the mission's dates."""

    class Meta:
        model = Position
        skip_postgeneration_save = True

    call = factory.SubFactory(PublishedCallFactory)
    role = ExpertRole.EXPERT
    theme = factory.LazyFunction(lambda: theme("health-insurance"))
    expertise_sought = "Health insurance financing and the design of benefit packages."
    expert_days = 5
    start_date = factory.LazyAttribute(lambda position: position.call.mission.start_date)
    end_date = factory.LazyAttribute(lambda position: position.call.mission.end_date)
    location = "Pristina"

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            obj.languages.set(extracted if extracted is not None else [language("en")])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    position = factory.SubFactory(PositionFactory)
    call = factory.LazyAttribute(lambda application: application.position.call)
    expert = factory.SubFactory(ExpertFactory)
    motivation = "Ten years of health insurance reform at the national fund."
    availability_confirmed = True
