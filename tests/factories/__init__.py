"""factory_boy factories, one module per app. Import from here."""

from .accounts import (
    ExpertUserFactory,
    ManagerFactory,
    OfficerFactory,
    PartnerUserFactory,
    UserFactory,
)
from .cooperation import ActionFactory, RequestFactory, SubmittedRequestFactory
from .experts import ExpertFactory, ExpertLanguageFactory, ExpertThemeFactory
from .missions import InvitationFactory, MissionFactory
from .partners import InstitutionFactory, MembershipFactory
from .reference import country, language, theme

__all__ = [
    "ActionFactory",
    "ExpertFactory",
    "ExpertLanguageFactory",
    "ExpertThemeFactory",
    "ExpertUserFactory",
    "InstitutionFactory",
    "InvitationFactory",
    "ManagerFactory",
    "MembershipFactory",
    "MissionFactory",
    "OfficerFactory",
    "PartnerUserFactory",
    "RequestFactory",
    "SubmittedRequestFactory",
    "UserFactory",
    "country",
    "language",
    "theme",
]
