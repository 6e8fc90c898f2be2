"""Cached menus (cooperation.menus): the staff lists' filter forms and officer menus come from the
cache, show a change to an officer at once, and are never shared where a form depends on who
looks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.filters import PartnerRequestFilter, StaffRequestFilter
from cooperation.menus import filter_fields, menus_version
from cooperation.models import Request
from tests.factories import MembershipFactory, OfficerFactory, PartnerUserFactory, country

pytestmark = pytest.mark.django_db

QUEUE = reverse("cooperation:staff_home")


def queue_filter(query: dict) -> StaffRequestFilter:
    return StaffRequestFilter(query, queryset=Request.objects.all())


def test_a_filter_form_is_rendered_once_for_the_same_values(django_assert_num_queries):
    officer = OfficerFactory(full_name="Olga Officer")
    country("GE")
    first = filter_fields(queue_filter({"country": "GE", "officer": str(officer.pk)}))

    with django_assert_num_queries(0):  # no menu read again, no form rendered again
        again = filter_fields(
            queue_filter({"country": "GE", "officer": str(officer.pk), "page": "3"})
        )

    assert again == first
    assert '<option value="GE" selected>' in first
    assert f'<option value="{officer.pk}" selected>Olga Officer</option>' in first


def test_other_values_render_their_own_form():
    country("GE")
    country("MD")

    georgia = filter_fields(queue_filter({"country": "GE"}))
    moldova = filter_fields(queue_filter({"country": "MD"}))

    assert '<option value="GE" selected>' in georgia
    assert '<option value="MD" selected>' in moldova


def test_a_new_or_renamed_officer_shows_at_once(client):
    officer = OfficerFactory(full_name="Olga Officer")
    client.force_login(officer)
    client.get(QUEUE)  # menus cached

    OfficerFactory(full_name="Nina Newcomer")
    officer.full_name = "Olga Renamed"
    officer.save()

    html = client.get(QUEUE).content.decode()
    assert "Nina Newcomer" in html
    assert "Olga Renamed" in html and "Olga Officer" not in html


def test_a_deactivated_officer_leaves_the_menus(client):
    officer = OfficerFactory(full_name="Olga Officer")
    leaving = OfficerFactory(full_name="Leo Leaving")
    client.force_login(officer)
    assert "Leo Leaving" in client.get(QUEUE).content.decode()

    leaving.is_active = False
    leaving.save(update_fields=["is_active"])

    assert "Leo Leaving" not in client.get(QUEUE).content.decode()


def test_a_login_does_not_retire_the_menus():
    officer = OfficerFactory()
    version = menus_version()

    officer.last_login = timezone.now()
    officer.save(update_fields=["last_login"])

    assert menus_version() == version


def test_each_language_has_its_own_form():
    filter_fields(queue_filter({}))

    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        filter_fields(queue_filter({}))

    assert queries.captured_queries  # rendered again, not the English form


def test_a_form_that_depends_on_the_viewer_is_never_cached():
    """A partner's filter lists their own institutions: each partner sees only theirs."""
    assert not getattr(PartnerRequestFilter, "form_is_shared", False)
    first, second = PartnerUserFactory(), PartnerUserFactory()
    mine = MembershipFactory(user=first, institution__name="Institute of the First").institution
    theirs = MembershipFactory(user=second, institution__name="Fund of the Second").institution

    def rendered(user) -> str:
        request = type("Request", (), {"user": user})()
        return filter_fields(
            PartnerRequestFilter({}, queryset=Request.objects.none(), request=request)
        )

    assert mine.name in rendered(first) and theirs.name not in rendered(first)
    assert theirs.name in rendered(second) and mine.name not in rendered(second)
