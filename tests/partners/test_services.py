import pytest

from audit.models import AuditRecord
from notifications.models import Notification
from partners import services
from partners.models import (
    InstitutionType,
    Membership,
    MembershipRole,
    MembershipStatus,
    VerificationStatus,
)
from partners.selectors import institution_duplicates
from tests.factories import (
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    PartnerUserFactory,
    country,
)
from tests.factories.partners import JoinRequestFactory

pytestmark = pytest.mark.django_db


def test_institution_create_makes_the_user_its_focal_point():
    user = PartnerUserFactory()

    institution = services.institution_create(
        user=user,
        name="Ministry of Health",
        acronym="MoH",
        country=country("ME"),
        type=InstitutionType.MINISTRY,
    )

    membership = Membership.objects.get(institution=institution)
    assert (membership.user, membership.role, membership.status) == (
        user,
        MembershipRole.FOCAL_POINT,
        MembershipStatus.ACTIVE,
    )
    assert institution.created_by == user


def test_institution_create_starts_unverified_and_is_audited():
    user = PartnerUserFactory()

    institution = services.institution_create(
        user=user,
        name="Employment Agency",
        country=country("RS"),
        type=InstitutionType.EMPLOYMENT_SERVICE,
    )

    assert institution.verification_status == VerificationStatus.UNVERIFIED
    record = AuditRecord.objects.get(object_id=str(institution.pk), action="register")
    assert record.actor == user


def test_institution_update_records_the_changed_fields():
    membership = MembershipFactory(institution__website="")
    institution = membership.institution

    services.institution_update(
        institution=institution,
        actor=membership.user,
        website="https://www.mzd.gov.me",
        acronym=institution.acronym,
    )

    institution.refresh_from_db()
    assert institution.website == "https://www.mzd.gov.me"
    record = AuditRecord.objects.get(object_id=str(institution.pk), action="update")
    assert record.data == {"fields": ["website"]}


def test_institution_update_without_change_records_nothing():
    membership = MembershipFactory()

    services.institution_update(
        institution=membership.institution,
        actor=membership.user,
        name=membership.institution.name,
    )

    assert AuditRecord.objects.filter(action="update").count() == 0


def test_institution_duplicates_finds_the_same_acronym():
    existing = InstitutionFactory(name="Fond za zdravstveno osiguranje", acronym="FZO")

    found = institution_duplicates(country=country("ME"), name="Health fund", acronym="fzo")

    assert found == [existing]


def test_institution_duplicates_finds_a_name_contained_in_another():
    existing = InstitutionFactory(name="Ministry of Health of Montenegro", acronym="MZCG")

    found = institution_duplicates(country=country("ME"), name="ministry of health")

    assert found == [existing]


def test_institution_duplicates_finds_a_similar_spelling():
    existing = InstitutionFactory(name="Institute for Social and Child Protection", acronym="ISCP")

    found = institution_duplicates(
        country=country("ME"), name="Institute of Social & Child Protection"
    )

    assert found == [existing]


def test_institution_duplicates_ignores_other_countries_and_other_names():
    InstitutionFactory(name="Ministry of Health", acronym="MoH", country=country("RS"))
    InstitutionFactory(name="Ministry of Labour and Social Welfare of Montenegro", acronym="MLSW")

    found = institution_duplicates(country=country("ME"), name="Ministry of Health", acronym="MH")

    assert found == []


def test_membership_request_waits_for_the_focal_point_and_tells_them():
    focal_point = MembershipFactory()
    user = PartnerUserFactory()

    membership = services.membership_request(user=user, institution=focal_point.institution)

    assert (membership.status, membership.role) == (
        MembershipStatus.PENDING,
        MembershipRole.MEMBER,
    )
    notification = Notification.objects.get(event="institution_join_request")
    assert notification.recipient == focal_point.user


def test_membership_request_twice_keeps_one_request():
    institution = InstitutionFactory()
    user = PartnerUserFactory()

    first = services.membership_request(user=user, institution=institution)
    second = services.membership_request(user=user, institution=institution)

    assert first.pk == second.pk
    assert Membership.objects.filter(user=user).count() == 1


def test_membership_request_by_a_member_is_refused():
    membership = MembershipFactory()

    with pytest.raises(services.MembershipNotPossible):
        services.membership_request(user=membership.user, institution=membership.institution)


def test_membership_request_after_a_decline_asks_again():
    declined = JoinRequestFactory(status=MembershipStatus.DECLINED)

    membership = services.membership_request(user=declined.user, institution=declined.institution)

    assert (membership.pk, membership.status) == (declined.pk, MembershipStatus.PENDING)


def test_membership_decide_approves_and_tells_the_person():
    focal_point = MembershipFactory()
    join_request = JoinRequestFactory(institution=focal_point.institution)

    membership = services.membership_decide(
        membership=join_request, actor=focal_point.user, approve=True
    )

    assert (membership.status, membership.decided_by) == (
        MembershipStatus.ACTIVE,
        focal_point.user,
    )
    assert Notification.objects.get(event="membership_approved").recipient == join_request.user
    assert AuditRecord.objects.filter(action="approve", object_id=str(join_request.pk)).exists()


def test_membership_decide_twice_is_refused():
    join_request = JoinRequestFactory()
    officer = OfficerFactory()
    services.membership_decide(membership=join_request, actor=officer, approve=False)

    with pytest.raises(services.MembershipNotPossible):
        services.membership_decide(membership=join_request, actor=officer, approve=True)

    join_request.refresh_from_db()
    assert join_request.status == MembershipStatus.DECLINED


def test_institution_set_verification_is_audited_and_told_to_focal_points():
    focal_point = MembershipFactory()
    officer = OfficerFactory()

    institution = services.institution_set_verification(
        institution=focal_point.institution,
        actor=officer,
        status=VerificationStatus.VERIFIED,
        comment="Checked the official register.",
    )

    assert institution.verification_status == VerificationStatus.VERIFIED
    record = AuditRecord.objects.get(action="verify", object_id=str(institution.pk))
    assert (record.actor, record.from_state, record.to_state, record.comment) == (
        officer,
        VerificationStatus.UNVERIFIED,
        VerificationStatus.VERIFIED,
        "Checked the official register.",
    )
    assert Notification.objects.get(event="institution_verification").recipient == focal_point.user


def test_institution_set_verification_to_the_same_status_records_nothing():
    institution = InstitutionFactory()

    services.institution_set_verification(
        institution=institution, actor=OfficerFactory(), status=VerificationStatus.UNVERIFIED
    )

    assert AuditRecord.objects.filter(action="verify").count() == 0
