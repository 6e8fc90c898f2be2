"""The consultations demo: contacts of the demo countries, two consultations with answers."""

import pytest

from consultations.models import AnswerStatus, Consultation, ContactKind, StakeholderContact
from demo.consultations import seed_demo_consultations
from tests.factories import InstitutionFactory, OfficerFactory, country
from tests.factories.cooperation import InReviewRequestFactory

pytestmark = pytest.mark.django_db


def test_demo_consultations_have_contacts_answers_and_run_once():
    institution = InstitutionFactory(country=country("ME"))
    InReviewRequestFactory.create_batch(2, lead_institution=institution)
    officer = OfficerFactory()

    created = seed_demo_consultations(officer=officer)
    seed_demo_consultations(officer=officer)

    contacts = StakeholderContact.objects.filter(country_id="ME")
    assert sorted(contacts.values_list("kind", flat=True)) == sorted(
        [ContactKind.EU_DELEGATION, ContactKind.NATIONAL_CONTACT_POINT]
    )
    assert len(created) == 2
    assert Consultation.objects.count() == 2
    statuses = sorted(
        status
        for consultation in created
        for status in consultation.addressees.values_list("status", flat=True)
    )
    assert statuses == sorted(
        [
            AnswerStatus.NO_OBJECTION,
            AnswerStatus.PENDING,
            AnswerStatus.COMMENT,
            AnswerStatus.OBJECTION,
        ]
    )
    objecting = created[1].addressees.get(status=AnswerStatus.OBJECTION)
    assert objecting.answers.count() == 2  # "no objection" replaced, both kept


def test_demo_consultations_skip_requests_without_contacts():
    InReviewRequestFactory(lead_institution=InstitutionFactory(country=country("DE")))

    assert seed_demo_consultations(officer=OfficerFactory()) == []
