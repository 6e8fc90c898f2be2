"""Who sees which profile, who may vet, and who may be invited."""

import pytest
from django.urls import reverse

from experts.models import RosterStatus
from experts.rules import expert_can_be_invited, is_approved_expert
from experts.selectors import experts_matchable, experts_visible_to
from tests.factories import ExpertFactory, ManagerFactory
from tests.factories.experts import CompleteExpertFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "invitable"),
    [
        (RosterStatus.DRAFT, False),
        (RosterStatus.APPLIED, False),
        (RosterStatus.APPROVED, True),
        (RosterStatus.REJECTED, False),
        (RosterStatus.SUSPENDED, False),
        (RosterStatus.ANONYMISED, False),
    ],
)
def test_expert_can_be_invited_only_when_approved(status, invitable):
    expert = ExpertFactory(roster_status=status)

    assert expert_can_be_invited(expert) == invitable
    assert is_approved_expert(expert.user) == invitable
    assert (expert in experts_matchable()) == invitable


def test_approved_expert_without_consent_cannot_be_invited():
    expert = ExpertFactory(consent_given_at=None)

    assert not expert_can_be_invited(expert)
    assert not is_approved_expert(expert.user)
    assert list(experts_matchable()) == []


def test_is_approved_expert_is_false_for_other_roles(officer_user, expert_user):
    assert not is_approved_expert(officer_user)
    assert not is_approved_expert(expert_user)  # an expert without a profile


def test_experts_visible_to_scopes_by_role(officer_user, partner_user):
    expert, other = ExpertFactory(), ExpertFactory()

    assert set(experts_visible_to(officer_user)) == {expert, other}
    assert list(experts_visible_to(expert.user)) == [expert]
    assert list(experts_visible_to(partner_user)) == []


def test_change_permission_is_the_owners_while_the_profile_exists():
    expert = ExpertFactory()

    assert expert.user.has_perm("experts.change_expert", expert)
    assert not ExpertFactory().user.has_perm("experts.change_expert", expert)
    expert.roster_status = RosterStatus.ANONYMISED
    assert not expert.user.has_perm("experts.change_expert", expert)


def test_only_managers_may_vet(officer_user):
    expert = ExpertFactory()

    assert ManagerFactory().has_perm("experts.vet_expert", expert)
    assert not officer_user.has_perm("experts.vet_expert", expert)
    assert not expert.user.has_perm("experts.vet_expert", expert)


def test_expert_opening_another_experts_profile_gets_404(client):
    expert, other = ExpertFactory(), CompleteExpertFactory()
    client.force_login(expert.user)

    assert client.get(reverse("experts:roster_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("experts:cv", args=[other.pk])).status_code == 404
    assert client.get(reverse("experts:roster")).status_code == 404


def test_partner_cannot_open_the_roster(client, partner_user):
    expert = ExpertFactory()
    client.force_login(partner_user)

    assert client.get(reverse("experts:roster")).status_code == 404
    assert client.get(reverse("experts:roster_detail", args=[expert.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client):
    expert = ExpertFactory()

    for url in (
        reverse("experts:roster"),
        reverse("experts:home"),
        reverse("experts:cv", args=[expert.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_officer_may_open_a_profile_but_not_vet_it(client, officer_user):
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPLIED)
    client.force_login(officer_user)

    detail = client.get(reverse("experts:roster_detail", args=[expert.pk]))
    vet = client.post(reverse("experts:roster_vet", args=[expert.pk]), {"action": "approve"})

    assert detail.status_code == 200
    assert detail.context["vetting_actions"] == []
    assert vet.status_code == 404
    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.APPLIED
