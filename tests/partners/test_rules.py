import pytest

from tests.factories import (
    MembershipFactory,
    OfficerFactory,
)
from tests.factories.partners import JoinRequestFactory

pytestmark = pytest.mark.django_db


def test_change_institution_is_for_its_focal_points_only():
    focal_point = MembershipFactory()
    member = MembershipFactory(institution=focal_point.institution, role="member")

    assert focal_point.user.has_perm("partners.change_institution", focal_point.institution)
    assert not member.user.has_perm("partners.change_institution", focal_point.institution)
    assert not MembershipFactory().user.has_perm(
        "partners.change_institution", focal_point.institution
    )


def test_decide_membership_is_for_focal_points_of_that_institution_and_staff():
    focal_point = MembershipFactory()
    join_request = JoinRequestFactory(institution=focal_point.institution)

    assert focal_point.user.has_perm("partners.decide_membership", join_request)
    assert OfficerFactory().has_perm("partners.decide_membership", join_request)
    assert not MembershipFactory().user.has_perm("partners.decide_membership", join_request)
    assert not join_request.user.has_perm("partners.decide_membership", join_request)
