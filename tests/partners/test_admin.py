import pytest
from django.urls import reverse

from reference.models import Country
from tests.factories import ManagerFactory, OfficerFactory, country

pytestmark = pytest.mark.django_db


def _country_form(code: str, **changes) -> dict:
    partner = country(code)
    data = {
        "code": partner.code,
        "name": partner.name,
        "region": partner.region,
        "is_partner": "on" if partner.is_partner else "",
        "is_eligible": "on" if partner.is_eligible else "",
        "is_eu_member": "on" if partner.is_eu_member else "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value != ""}


def test_manager_switches_the_eligibility_of_a_country_in_the_admin(client):
    assert country("TM").is_eligible is False
    client.force_login(ManagerFactory())

    response = client.post(
        reverse("admin:reference_country_change", args=["TM"]),
        _country_form("TM", is_eligible="on"),
    )

    assert response.status_code == 302
    assert Country.objects.get(code="TM").is_eligible is True


def test_officer_cannot_change_the_eligibility_of_a_country(client):
    country("ME")
    client.force_login(OfficerFactory())

    response = client.post(
        reverse("admin:reference_country_change", args=["ME"]),
        _country_form("ME", is_eligible=""),
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert Country.objects.get(code="ME").is_eligible is True
