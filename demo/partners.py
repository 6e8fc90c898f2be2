"""Demo partner institutions from the programme's news (Western Balkans and Central Asia), their
focal points and a waiting join request. The demo partner login is the focal point of the Ministry
of Health of Montenegro. Safe to run again."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Role, User
from partners import services
from partners.models import Institution, InstitutionType, Membership
from partners.models import VerificationStatus as V
from reference.models import Country

from .users import DEMO_PASSWORD

T = InstitutionType


@dataclass(frozen=True)
class DemoInstitution:
    key: str
    name: str
    name_local: str
    acronym: str
    country: str
    type: str
    verification: str
    focal_point: tuple[str, str] | None  # (e-mail, full name); None: the demo partner login
    website: str = ""


INSTITUTIONS = [
    DemoInstitution(
        "moh-me",
        "Ministry of Health of Montenegro",
        "Ministarstvo zdravlja Crne Gore",
        "MZ",
        "ME",
        T.MINISTRY,
        V.VERIFIED,
        None,
        "https://www.gov.me/mzd",
    ),
    DemoInstitution(
        "child-care-me",
        "Institute for Social and Child Care of Montenegro",
        "Zavod za socijalnu i dječju zaštitu",
        "ZSDZ",
        "ME",
        T.SOCIAL_INSTITUTE,
        V.VERIFIED,
        ("milica.radovic@demo.example", "Milica Radović"),
    ),
    DemoInstitution(
        "hif-xk",
        "Health Insurance Fund of Kosovo",
        "Fondi i Sigurimeve Shëndetësore",
        "FSSH",
        "XK",
        T.SOCIAL_SECURITY_FUND,
        V.VERIFIED,
        ("arben.krasniqi@demo.example", "Arben Krasniqi"),
    ),
    DemoInstitution(
        "molevsa-rs",
        "Ministry of Labour, Employment, Veterans and Social Affairs of Serbia",
        "Ministarstvo za rad, zapošljavanje, boračka i socijalna pitanja",
        "MINRZS",
        "RS",
        T.MINISTRY,
        V.VERIFIED,
        ("marija.jovanovic@demo.example", "Marija Jovanović"),
    ),
    DemoInstitution(
        "cacak-rs",
        "City of Čačak",
        "Grad Čačak",
        "",
        "RS",
        T.LOCAL_GOVERNMENT,
        V.UNVERIFIED,
        ("nenad.stojanovic@demo.example", "Nenad Stojanović"),
    ),
    DemoInstitution(
        "gornji-milanovac-rs",
        "Municipality of Gornji Milanovac",
        "Opština Gornji Milanovac",
        "",
        "RS",
        T.LOCAL_GOVERNMENT,
        V.UNVERIFIED,
        ("ivana.ilic@demo.example", "Ivana Ilić"),
    ),
    DemoInstitution(
        "lucani-rs",
        "Municipality of Lučani",
        "Opština Lučani",
        "",
        "RS",
        T.LOCAL_GOVERNMENT,
        V.UNVERIFIED,
        ("dragan.pavlovic@demo.example", "Dragan Pavlović"),
    ),
    DemoInstitution(
        "rzsz-rs",
        "Republic Institute for Social Protection of Serbia",
        "Republički zavod za socijalnu zaštitu",
        "RZSZ",
        "RS",
        T.SOCIAL_INSTITUTE,
        V.VERIFIED,
        ("jovana.nikolic@demo.example", "Jovana Nikolić"),
    ),
    DemoInstitution(
        "fmlsp-ba",
        "Federal Ministry of Labour and Social Policy of Bosnia and Herzegovina",
        "Federalno ministarstvo rada i socijalne politike",
        "FMRSP",
        "BA",
        T.MINISTRY,
        V.VERIFIED,
        ("amela.hadzic@demo.example", "Amela Hadžić"),
    ),
    DemoInstitution(
        "mspdy-mk",
        "Ministry of Social Policy, Demography and Youth of North Macedonia",
        "Министерство за социјална политика, демографија и млади",
        "MSPDM",
        "MK",
        T.MINISTRY,
        V.VERIFIED,
        ("elena.stojanovska@demo.example", "Elena Stojanovska"),
    ),
    DemoInstitution(
        "mlsp-kz",
        "Ministry of Labour and Social Protection of the Population of Kazakhstan",
        "Министерство труда и социальной защиты населения",
        "MTSZN",
        "KZ",
        T.MINISTRY,
        V.VERIFIED,
        ("aigerim.sadykova@demo.example", "Aigerim Sadykova"),
    ),
    DemoInstitution(
        "civic-kz",
        "Astana Civil Initiatives Support Center",
        "Центр поддержки гражданских инициатив",
        "CSCI",
        "KZ",
        T.CIVIL_SOCIETY,
        V.UNVERIFIED,
        ("dana.omarova@demo.example", "Dana Omarova"),
    ),
]

# A colleague of the demo partner already in the ministry, and one waiting for approval.
MOH_MEMBER = ("ana.djurovic@demo.example", "Ana Đurović")
MOH_JOIN_REQUEST = ("stefan.popovic@demo.example", "Stefan Popović")


def _partner_user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": full_name, "role": Role.PARTNER, "email_verified": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo_partners(*, partner: User, officer: User) -> dict[str, Institution]:
    """Register the demo institutions (the focal point registers, the officer verifies)."""
    institutions = {}
    for demo in INSTITUTIONS:
        focal_point = partner if demo.focal_point is None else _partner_user(*demo.focal_point)
        institution = Institution.objects.filter(
            country_id=demo.country, name=demo.name
        ).first() or services.institution_create(
            user=focal_point,
            name=demo.name,
            name_local=demo.name_local,
            acronym=demo.acronym,
            country=Country.objects.get(code=demo.country),
            type=demo.type,
            website=demo.website,
        )
        if institution.verification_status != demo.verification:
            institution = services.institution_set_verification(
                institution=institution,
                actor=officer,
                status=demo.verification,
                comment="Checked against the official register of public bodies.",
            )
        institutions[demo.key] = institution
    ministry = institutions["moh-me"]
    member = _partner_user(*MOH_MEMBER)
    if not Membership.objects.filter(user=member, institution=ministry).exists():
        services.membership_decide(
            membership=services.membership_request(user=member, institution=ministry),
            actor=partner,
            approve=True,
        )
    waiting = _partner_user(*MOH_JOIN_REQUEST)
    if not Membership.objects.filter(user=waiting, institution=ministry).exists():
        services.membership_request(user=waiting, institution=ministry)
    return institutions
