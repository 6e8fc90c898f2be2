"""The expert's data rights: download everything, withdraw consent, delete (anonymise)."""

import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from audit.models import AuditRecord
from experts.models import Expert, RosterStatus
from missions.models import InvitationStatus
from tests.factories import InvitationFactory, language, theme
from tests.factories.experts import (
    CompleteExpertFactory,
    ExpertLanguageFactory,
    UnavailablePeriodFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(client):
    expert = CompleteExpertFactory(roster_status=RosterStatus.APPROVED, keywords="pensions")
    expert.countries_of_experience.set(["XK"])
    client.force_login(expert.user)
    return expert


def test_export_downloads_everything_as_json(client, expert):
    UnavailablePeriodFactory(expert=expert, reason="Leave")
    ExpertLanguageFactory(expert=expert, language=language("fr"), level=7)
    InvitationFactory(expert=expert, status=InvitationStatus.ACCEPTED, mission__title="Health law")

    response = client.post(reverse("experts:data_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-expert-profile-')
    data = json.loads(response.content)
    assert data["account"]["email"] == expert.user.email
    assert data["profile"]["employer"] == "Caisse nationale de santé"
    assert data["thematic_expertise"] == [{"theme": str(theme("health-insurance")), "years": 10}]
    assert data["languages"] == [
        {"language": "French", "level": "native"},
        {"language": "English", "level": "C1"},
    ]
    assert data["countries_of_experience"] == ["Kosovo"]
    assert data["unavailable_periods"][0]["reason"] == "Leave"
    assert [row["mission"] for row in data["invitations"]] == ["Health law"]
    assert data["profile"]["cv"] == "cv.pdf"
    assert AuditRecord.objects.filter(action="data_export").count() == 1


def test_export_is_refused_to_staff(client, officer_user):
    client.force_login(officer_user)

    assert client.post(reverse("experts:data_export")).status_code == 404


def test_withdrawing_consent_takes_the_profile_off_the_roster(client, expert):
    response = client.post(reverse("experts:consent_withdraw"))

    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.roster_status, expert.consent_given_at) == (RosterStatus.DRAFT, None)


def test_delete_with_a_wrong_password_is_refused_and_changes_nothing(client, expert):
    response = client.post(reverse("experts:delete_profile"), {"password": "not-it"})

    assert response.status_code == 200
    assert response.context["delete_form"].errors == {"password": ["That is not your password."]}
    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.APPROVED


def test_delete_anonymises_the_profile_and_keeps_the_mission_history(
    client, expert, password, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(expert=expert, status=InvitationStatus.ACCEPTED)
    UnavailablePeriodFactory(expert=expert)
    cv_name = expert.cv.name
    assert default_storage.exists(cv_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("experts:delete_profile"), {"password": password})

    assert response.status_code == 302
    assert response.url == reverse("public:home")
    expert = Expert.objects.select_related("user").get(pk=expert.pk)
    user = expert.user
    assert (user.full_name, user.email, user.is_active) == (
        "Anonymised expert",
        f"anonymised-expert-{expert.pk}@anonymised.invalid",
        False,
    )
    assert not user.has_usable_password()
    assert expert.roster_status == RosterStatus.ANONYMISED
    assert (expert.employer, expert.position, expert.summary, expert.keywords, expert.cv.name) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert expert.anonymised_at is not None
    assert not default_storage.exists(cv_name)
    assert expert.languages.count() == 0
    assert expert.unavailable_periods.count() == 0
    assert expert.countries_of_experience.count() == 0
    # Kept for statistics: nationality, employer type, themes, mission history.
    assert (expert.nationality_id, expert.employer_type) == ("LU", "public_administration")
    assert expert.themes.count() == 1
    assert list(expert.invitations.all()) == [invitation]
    assert AuditRecord.objects.filter(action="anonymise").count() == 1
    # Logged out, and the account can no longer log in.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("experts:home")).status_code == 302
