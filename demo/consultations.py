"""Demo consultations: the EU Delegation and the national contact point of each partner country of
the demo institutions, and consultations on two requests under review with their answers (one
no objection and one still awaited; one comment and an objection that replaced an earlier "no
objection"), all through the services and the state machines.

Safe to run again: contacts are found by country and address, and a request that has a
consultation gets no other.
"""

from django.db.models import Q

from accounts.models import User
from consultations import services
from consultations.models import AnswerStatus, Consultation, ContactKind, StakeholderContact
from cooperation.models import Request, RequestStatus
from partners.models import Institution
from reference.models import Country

# (answers of the EU Delegation, answers of the national contact point), in the order given.
ANSWERS = (
    (((AnswerStatus.NO_OBJECTION, ""),), ()),
    (
        ((AnswerStatus.COMMENT, "Please coordinate with the IPA project on social services."),),
        (
            (AnswerStatus.NO_OBJECTION, ""),
            (
                AnswerStatus.OBJECTION,
                "The Ministry already receives support on this topic from another donor until "
                "the end of next year; a new action would duplicate it.",
            ),
        ),
    ),
)


def seed_demo_contacts() -> list[StakeholderContact]:
    """The two usual stakeholders of every partner country that has a demo institution."""
    countries = Country.objects.filter(
        is_partner=True, code__in=Institution.objects.values("country_id")
    ).order_by("name")
    contacts = []
    for country in countries:
        code = country.code.lower()
        for kind, organisation, email, name in (
            (
                ContactKind.EU_DELEGATION,
                f"EU Delegation to {country.name}",
                f"delegation-{code}@demo.example",
                "Cooperation section",
            ),
            (
                ContactKind.NATIONAL_CONTACT_POINT,
                f"National contact point, {country.name}",
                f"ncp-{code}@demo.example",
                "Office for European integration",
            ),
        ):
            contact, _created = StakeholderContact.objects.get_or_create(
                country=country,
                email=email,
                defaults={"kind": kind, "organisation": organisation, "name": name},
            )
            contacts.append(contact)
    return contacts


def seed_demo_consultations(*, officer: User) -> list[Consultation]:
    """Contacts, then a consultation on each of the first two requests under review whose
    country has contacts (none on a request that had one already)."""
    seed_demo_contacts()
    candidates = (
        Request.objects.filter(status__in=(RequestStatus.IN_REVIEW, RequestStatus.SUBMITTED))
        .filter(
            Q(lead_institution__country__stakeholder_contacts__is_active=True)
            | Q(consultations__isnull=False)
        )
        .distinct()
        .order_by("-status", "reference")[: len(ANSWERS)]
    )
    created = []
    for request, answers in zip(candidates, ANSWERS, strict=False):
        if request.consultations.exists():
            continue
        contacts = list(
            StakeholderContact.objects.filter(
                country_id=request.lead_institution.country_id, is_active=True
            ).order_by("kind")
        )
        consultation = services.consultation_send(
            request=request,
            actor=officer,
            contacts=contacts,
            working_days=5,
            message="Please tell us by the deadline whether you object to this request.",
        )
        by_kind = {a.kind: a for a in consultation.addressees.all()}
        for kind, given in zip(
            (ContactKind.EU_DELEGATION, ContactKind.NATIONAL_CONTACT_POINT), answers, strict=True
        ):
            for status, text in given:
                services.addressee_answer(addressee=by_kind[kind], status=status, text=text)
        created.append(consultation)
    return created
