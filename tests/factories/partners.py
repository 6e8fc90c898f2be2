import factory

from partners.models import (
    Institution,
    InstitutionType,
    Membership,
    MembershipRole,
    MembershipStatus,
)

from .accounts import PartnerUserFactory
from .reference import country


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Ministry of Social Affairs {n}")
    acronym = factory.Sequence(lambda n: f"MSA{n}")
    country = factory.LazyFunction(lambda: country("ME"))
    type = InstitutionType.MINISTRY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(PartnerUserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = MembershipRole.FOCAL_POINT
    status = MembershipStatus.ACTIVE


class JoinRequestFactory(MembershipFactory):
    """A partner user asking to join an institution, waiting for its focal point."""

    role = MembershipRole.MEMBER
    status = MembershipStatus.PENDING
