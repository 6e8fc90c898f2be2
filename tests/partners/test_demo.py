import pytest

from accounts.models import Role
from audit.selectors import audit_records_for
from cooperation.models import Request, RequestStatus
from demo.partners import seed_demo_partners
from demo.requests import seed_demo_requests
from demo.users import seed_demo_users
from partners.models import MembershipRole, MembershipStatus
from reference.services import reference_data_load

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    reference_data_load()
    users = seed_demo_users()
    institutions = seed_demo_partners(partner=users[Role.PARTNER], officer=users[Role.OFFICER])
    seed_demo_requests(institutions=institutions, officer=users[Role.OFFICER])
    return {"users": users, "institutions": institutions}


def test_demo_partner_is_focal_point_of_the_ministry_of_health_with_several_requests():
    seeded = _seed()
    ministry = seeded["institutions"]["moh-me"]
    partner = seeded["users"][Role.PARTNER]

    membership = ministry.memberships.get(user=partner)
    assert (membership.role, membership.status) == (
        MembershipRole.FOCAL_POINT,
        MembershipStatus.ACTIVE,
    )
    assert ministry.name == "Ministry of Health of Montenegro"
    assert ministry.requests.count() >= 5
    assert ministry.memberships.filter(status=MembershipStatus.PENDING).count() == 1


def test_demo_requests_cover_every_status_with_their_audit_trail():
    _seed()

    statuses = set(Request.objects.values_list("status", flat=True))

    assert statuses == set(RequestStatus.values)
    for request in Request.objects.exclude(status=RequestStatus.DRAFT):
        assert audit_records_for(request).filter(action="submit").exists()


def test_demo_seed_runs_twice_without_duplicates():
    _seed()
    count = Request.objects.count()
    _seed()

    assert Request.objects.count() == count
