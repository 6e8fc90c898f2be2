import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, DecisionCriterion, Meeting, Score

from .accounts import OfficerFactory
from .cooperation import InReviewRequestFactory


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionCriterion

    name = factory.Sequence(lambda n: f"Relevance to the programme {n}")
    guidance = "Does the request fit the programme's thematic priorities?"
    order = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting a week from now."""

    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Planning meeting {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    created_by = factory.SubFactory(OfficerFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A request in review on a meeting's agenda, its status recorded as seen."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    request = factory.SubFactory(InReviewRequestFactory)
    status_seen = factory.LazyAttribute(lambda item: item.request.status)
    added_by = factory.LazyAttribute(lambda item: item.meeting.created_by)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    item = factory.SubFactory(AgendaItemFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 4
    comment = "Clear fit with the social protection priorities."
