import pytest
from django.urls import reverse

from audit.models import AuditRecord
from partners.models import MembershipStatus, VerificationStatus
from tests.factories import InstitutionFactory, MembershipFactory, OfficerFactory
from tests.factories.partners import JoinRequestFactory

pytestmark = pytest.mark.django_db


def test_staff_institution_list_filters_by_verification(client, django_assert_max_num_queries):
    InstitutionFactory.create_batch(3)
    verified = InstitutionFactory(verification_status=VerificationStatus.VERIFIED)
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("partners:staff_institution_list"), {"verification_status": "verified"}
        )

    assert list(response.context["page_obj"].object_list) == [verified]


def test_staff_institution_list_is_404_for_partners(client):
    client.force_login(MembershipFactory().user)

    assert client.get(reverse("partners:staff_institution_list")).status_code == 404


def test_officer_records_the_verification(client):
    institution = InstitutionFactory()
    officer = OfficerFactory()
    client.force_login(officer)

    response = client.post(
        reverse("partners:staff_institution_detail", args=[institution.pk]),
        {"status": "verified", "comment": "Listed in the government register."},
    )

    institution.refresh_from_db()
    assert response.status_code == 302
    assert institution.verification_status == VerificationStatus.VERIFIED
    record = AuditRecord.objects.get(action="verify")
    assert (record.actor, record.comment) == (officer, "Listed in the government register.")


def test_verification_to_the_same_status_is_refused_next_to_the_field(client):
    institution = InstitutionFactory()
    client.force_login(OfficerFactory())

    response = client.post(
        reverse("partners:staff_institution_detail", args=[institution.pk]),
        {"status": "unverified", "comment": ""},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["status"]
    assert AuditRecord.objects.filter(action="verify").count() == 0


def test_partner_cannot_verify_an_institution(client):
    membership = MembershipFactory()
    client.force_login(membership.user)

    response = client.post(
        reverse("partners:staff_institution_detail", args=[membership.institution.pk]),
        {"status": "verified"},
    )

    membership.institution.refresh_from_db()
    assert response.status_code == 404
    assert membership.institution.verification_status == VerificationStatus.UNVERIFIED


def test_staff_can_approve_a_join_request(client):
    join_request = JoinRequestFactory()
    client.force_login(OfficerFactory())

    client.post(reverse("partners:membership_approve", args=[join_request.pk]))

    join_request.refresh_from_db()
    assert join_request.status == MembershipStatus.ACTIVE


def test_staff_institution_page_shows_the_history(client):
    institution = InstitutionFactory()
    client.force_login(OfficerFactory())
    client.post(
        reverse("partners:staff_institution_detail", args=[institution.pk]),
        {"status": "rejected", "comment": "Not a public body."},
    )

    response = client.get(reverse("partners:staff_institution_detail", args=[institution.pk]))

    content = response.content.decode()
    assert "Verification: Not verified" in content
    assert "Not a public body." in content
