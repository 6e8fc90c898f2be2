import pytest
from django.urls import reverse

from partners.models import Institution, Membership, MembershipRole, MembershipStatus
from reference.services import reference_data_load
from tests.factories import (
    ExpertUserFactory,
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    PartnerUserFactory,
    SubmittedRequestFactory,
    country,
)
from tests.factories.partners import JoinRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db):
    reference_data_load()


def _institution_data(**overrides) -> dict:
    return {
        "country": "ME",
        "name": "Ministry of Health",
        "acronym": "MZ",
        "name_local": "Ministarstvo zdravlja",
        "type": "ministry",
        "website": "https://www.gov.me/mzd",
        "address": "Rimski trg 46, Podgorica",
        **overrides,
    }


def test_home_offers_onboarding_to_a_user_without_institution(client):
    client.force_login(PartnerUserFactory())

    response = client.get(reverse("partners:home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("partners:institution_create") in content
    assert reverse("partners:institution_join") in content


def test_home_shows_institutions_join_requests_and_requests(client, django_assert_max_num_queries):
    focal_point = MembershipFactory(institution__name="Ministry of Health of Montenegro")
    JoinRequestFactory(institution=focal_point.institution, user__full_name="Milica Petrović")
    SubmittedRequestFactory.create_batch(3, lead_institution=focal_point.institution)
    client.force_login(focal_point.user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:home"))

    content = response.content.decode()
    assert "Ministry of Health of Montenegro" in content
    assert "Milica Petrović" in content
    assert (
        reverse(
            "partners:membership_approve",
            args=[Membership.objects.get(status=MembershipStatus.PENDING).pk],
        )
        in content
    )
    assert "Submitted: 3" in content


@pytest.mark.parametrize("user_factory", [ExpertUserFactory, OfficerFactory])
def test_partner_pages_are_404_for_other_roles(client, user_factory):
    client.force_login(user_factory())

    assert client.get(reverse("partners:home")).status_code == 404
    assert client.get(reverse("partners:institution_create")).status_code == 404


def test_partner_pages_send_anonymous_visitors_to_login(client):
    response = client.get(reverse("partners:institution_create"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_institution_create_registers_the_user_as_focal_point(client):
    user = PartnerUserFactory()
    client.force_login(user)

    response = client.post(reverse("partners:institution_create"), _institution_data())

    institution = Institution.objects.get(name="Ministry of Health")
    assert response.status_code == 302
    assert response.url == reverse("partners:institution_detail", args=[institution.pk])
    membership = Membership.objects.get(user=user)
    assert (membership.institution, membership.role, membership.status) == (
        institution,
        MembershipRole.FOCAL_POINT,
        MembershipStatus.ACTIVE,
    )


def test_institution_create_offers_duplicates_before_creating(client):
    existing = InstitutionFactory(name="Ministry of Health of Montenegro", acronym="MZCG")
    client.force_login(PartnerUserFactory())

    response = client.post(reverse("partners:institution_create"), _institution_data())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ministry of Health of Montenegro" in content
    assert reverse("partners:institution_join_request", args=[existing.pk]) in content
    assert "if not, tick this box" in content
    assert Institution.objects.count() == 1


def test_institution_create_after_confirming_it_is_new(client):
    InstitutionFactory(name="Ministry of Health of Montenegro", acronym="MZCG")
    client.force_login(PartnerUserFactory())

    response = client.post(
        reverse("partners:institution_create"), _institution_data(confirm_new="on")
    )

    assert response.status_code == 302
    assert Institution.objects.count() == 2


def test_institution_create_refuses_bad_input_next_to_the_fields(client):
    client.force_login(PartnerUserFactory())

    response = client.post(
        reverse("partners:institution_create"),
        _institution_data(name="", country="FR", website="not a site", address="x" * 100_000),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert sorted(form.errors) == ["address", "country", "name", "website"]
    assert Institution.objects.count() == 0


def test_institution_html_is_shown_as_text(client):
    user = PartnerUserFactory()
    client.force_login(user)
    client.post(
        reverse("partners:institution_create"),
        _institution_data(name="<script>alert('x')</script> Ministry"),
    )
    institution = Institution.objects.get()

    response = client.get(reverse("partners:institution_detail", args=[institution.pk]))

    content = response.content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(" in content


def test_institution_duplicates_partial_lists_look_alikes(client):
    existing = InstitutionFactory(
        name="Health Insurance Fund", acronym="FSSH", country=country("XK")
    )
    client.force_login(PartnerUserFactory())

    response = client.get(
        reverse("partners:institution_duplicates"),
        {"country": "XK", "name": "Health Insurance Fund of Kosovo", "acronym": ""},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert reverse("partners:institution_join_request", args=[existing.pk]) in content


def test_institution_duplicates_partial_is_empty_for_bad_input(client):
    client.force_login(PartnerUserFactory())

    response = client.get(
        reverse("partners:institution_duplicates"), {"country": "ZZ", "name": "x" * 5000}
    )

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_institution_join_lists_matches_with_few_queries(client, django_assert_max_num_queries):
    InstitutionFactory.create_batch(5, country=country("RS"))
    client.force_login(PartnerUserFactory())

    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("partners:institution_join"), {"country": "RS", "q": "Social"}
        )

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 5


def test_join_request_then_approval_by_the_focal_point(client):
    focal_point = MembershipFactory()
    user = PartnerUserFactory()
    client.force_login(user)

    client.post(reverse("partners:institution_join_request", args=[focal_point.institution.pk]))

    membership = Membership.objects.get(user=user)
    assert membership.status == MembershipStatus.PENDING
    client.force_login(focal_point.user)
    response = client.post(
        reverse("partners:membership_approve", args=[membership.pk]),
        {"next": reverse("partners:home")},
    )
    membership.refresh_from_db()
    assert response.url == reverse("partners:home")
    assert membership.status == MembershipStatus.ACTIVE


def test_membership_decision_by_another_institution_is_404(client):
    join_request = JoinRequestFactory()
    client.force_login(MembershipFactory().user)

    response = client.post(reverse("partners:membership_approve", args=[join_request.pk]))

    join_request.refresh_from_db()
    assert response.status_code == 404
    assert join_request.status == MembershipStatus.PENDING


def test_membership_decision_twice_says_it_was_answered(client):
    focal_point = MembershipFactory()
    join_request = JoinRequestFactory(institution=focal_point.institution)
    client.force_login(focal_point.user)
    client.post(reverse("partners:membership_decline", args=[join_request.pk]))

    response = client.post(
        reverse("partners:membership_approve", args=[join_request.pk]), follow=True
    )

    join_request.refresh_from_db()
    assert join_request.status == MembershipStatus.DECLINED
    assert "already answered" in response.content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", '"><img src=x onerror=1>', "home"]
)
def test_membership_decision_ignores_a_next_url_that_is_not_a_local_path(client, next_url):
    focal_point = MembershipFactory()
    join_request = JoinRequestFactory(institution=focal_point.institution)
    client.force_login(focal_point.user)

    response = client.post(
        reverse("partners:membership_approve", args=[join_request.pk]),
        {"next": next_url},
    )

    assert response.url == reverse("accounts:home")


def test_institution_detail_shows_profile_members_and_requests(client):
    focal_point = MembershipFactory(institution__name="Employment Agency of Montenegro")
    SubmittedRequestFactory(
        lead_institution=focal_point.institution, title="Job-search counselling"
    )
    client.force_login(focal_point.user)

    response = client.get(reverse("partners:institution_detail", args=[focal_point.institution.pk]))

    content = response.content.decode()
    assert "Employment Agency of Montenegro" in content
    assert focal_point.user.email in content
    assert "Job-search counselling" in content


def test_institution_detail_of_another_institution_is_404(client):
    client.force_login(MembershipFactory().user)

    response = client.get(reverse("partners:institution_detail", args=[InstitutionFactory().pk]))

    assert response.status_code == 404


def test_institution_edit_is_404_for_a_member_who_is_not_focal_point(client):
    member = MembershipFactory(role=MembershipRole.MEMBER)
    client.force_login(member.user)

    response = client.get(reverse("partners:institution_edit", args=[member.institution.pk]))

    assert response.status_code == 404


def test_institution_edit_saves_the_profile(client):
    focal_point = MembershipFactory()
    parent = InstitutionFactory(name="Government of Montenegro")
    client.force_login(focal_point.user)

    response = client.post(
        reverse("partners:institution_edit", args=[focal_point.institution.pk]),
        {
            "name": "Ministry of Health",
            "acronym": "MZ",
            "name_local": "",
            "type": "ministry",
            "parent": parent.pk,
            "website": "",
            "address": "",
        },
    )

    focal_point.institution.refresh_from_db()
    assert response.status_code == 302
    assert (focal_point.institution.name, focal_point.institution.parent) == (
        "Ministry of Health",
        parent,
    )


def test_institution_edit_refuses_a_unit_as_parent(client):
    focal_point = MembershipFactory()
    unit = InstitutionFactory(parent=focal_point.institution)
    client.force_login(focal_point.user)

    response = client.post(
        reverse("partners:institution_edit", args=[focal_point.institution.pk]),
        {"name": "Ministry", "type": "ministry", "parent": unit.pk},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
