"""Factories of the consultations app (import from here, not from ``tests.factories``)."""

import datetime
import secrets

import factory
from django.utils import timezone

from consultations.models import (
    Addressee,
    Consultation,
    ContactKind,
    StakeholderContact,
)

from .accounts import OfficerFactory
from .cooperation import InReviewRequestFactory
from .reference import country


class StakeholderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderContact

    country = factory.LazyFunction(lambda: country("ME"))
    kind = ContactKind.EU_DELEGATION
    organisation = factory.Sequence(lambda n: f"EU Delegation {n}")
    name = "Dana Delegate"
    email = factory.Sequence(lambda n: f"stakeholder{n}@delegation.example")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    request = factory.SubFactory(InReviewRequestFactory)
    working_days = 5
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    sent_by = factory.SubFactory(OfficerFactory)


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    consultation = factory.SubFactory(ConsultationFactory)
    contact = factory.SubFactory(StakeholderContactFactory)
    kind = factory.SelfAttribute("contact.kind")
    organisation = factory.SelfAttribute("contact.organisation")
    name = factory.SelfAttribute("contact.name")
    email = factory.SelfAttribute("contact.email")
    token_nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
