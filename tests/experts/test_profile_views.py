"""The expert fills in the profile section by section; bad input is refused next to the field."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditRecord
from experts.models import Expert, RosterStatus
from reference.models import LanguageLevel
from tests.factories import ExpertFactory, ExpertUserFactory, country, language, theme
from tests.factories.experts import PDF_BYTES, CompleteExpertFactory, DraftExpertFactory

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def expert(client):
    country("LU")  # loads the reference data
    expert = DraftExpertFactory()
    client.force_login(expert.user)
    return expert


def test_home_starts_a_draft_profile_on_the_first_visit(client, expert_user):
    client.force_login(expert_user)

    response = client.get(reverse("experts:home"))

    assert response.status_code == 200
    assert Expert.objects.get(user=expert_user).roster_status == RosterStatus.DRAFT
    assert "0% complete" in response.content.decode()


def test_home_is_not_for_staff(client, officer_user):
    client.force_login(officer_user)

    assert client.get(reverse("experts:home")).status_code == 404


def test_profile_overview_lists_what_is_missing_with_links(client, expert):
    response = client.get(reverse("experts:profile"))

    assert response.status_code == 200
    assert response.context["completeness"].percent == 0
    assert reverse("experts:profile_themes") in response.content.decode()
    assert "Submit for vetting" not in response.content.decode()


def test_details_section_saves_and_leads_to_the_next_section(client, expert):
    response = client.post(
        reverse("experts:profile_details"),
        {
            "nationality": country("PT").pk,
            "employer": "Instituto da Segurança Social",
            "employer_type": "public_administration",
            "position": "Head of division",
            "years_experience": "15",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("experts:profile_themes")
    expert.refresh_from_db()
    assert (expert.nationality_id, expert.position, expert.years_experience) == (
        "PT",
        "Head of division",
        15,
    )
    record = AuditRecord.objects.get(action="profile_update")
    assert record.data == {
        "section": "details",
        "fields": ["employer", "employer_type", "nationality", "position", "years_experience"],
    }


def test_details_section_refuses_missing_fields_and_keeps_the_input(client, expert):
    response = client.post(
        reverse("experts:profile_details"),
        {"employer": "HZZO", "position": "", "years_experience": "70"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"nationality", "employer_type", "position", "years_experience"}
    assert 'value="HZZO"' in response.content.decode()
    expert.refresh_from_db()
    assert expert.employer == ""


def test_themes_section_replaces_the_themes(client, expert):
    data = {
        **management("themes", 3),
        "themes-0-theme": theme("health-insurance").pk,
        "themes-0-years": "12",
        "themes-1-theme": theme("pensions").pk,
        "themes-1-years": "4",
        "themes-2-theme": "",
        "themes-2-years": "",
    }

    response = client.post(reverse("experts:profile_themes"), data)

    assert response.status_code == 302
    assert sorted(expert.themes.values_list("theme__code", "years")) == [
        ("health-insurance", 12),
        ("pensions", 4),
    ]


def test_themes_section_refuses_a_sub_area_listed_twice(client, expert):
    data = {
        **management("themes", 2),
        "themes-0-theme": theme("pensions").pk,
        "themes-0-years": "3",
        "themes-1-theme": theme("pensions").pk,
        "themes-1-years": "5",
    }

    response = client.post(reverse("experts:profile_themes"), data)

    assert response.status_code == 200
    assert response.context["formset"].errors[1] == {"theme": ["You listed this sub-area twice."]}
    assert expert.themes.count() == 0


def test_themes_section_offers_only_sub_areas(client, expert):
    data = {
        **management("themes", 1),
        "themes-0-theme": theme("health-systems").pk,
        "themes-0-years": "3",
    }

    response = client.post(reverse("experts:profile_themes"), data)

    assert response.status_code == 200
    assert list(response.context["formset"].errors[0]) == ["theme"]


def test_themes_section_removes_a_row_ticked_for_removal(client, expert):
    data = {
        **management("themes", 2),
        "themes-0-theme": theme("pensions").pk,
        "themes-0-years": "3",
        "themes-0-DELETE": "on",
        "themes-1-theme": theme("disability").pk,
        "themes-1-years": "6",
    }

    client.post(reverse("experts:profile_themes"), data)

    assert list(expert.themes.values_list("theme__code", flat=True)) == ["disability"]


def test_languages_section_refuses_an_invalid_level_with_a_clear_message(client, expert):
    data = {**management("languages", 1), "languages-0-language": "en", "languages-0-level": "9"}

    response = client.post(reverse("experts:profile_languages"), data)

    assert response.status_code == 200
    assert response.context["formset"].errors[0] == {
        "level": ["Choose a level from A1 to C2, or native."]
    }
    assert "Choose a level from A1 to C2, or native." in response.content.decode()


def test_languages_section_saves_levels(client, expert):
    data = {
        **management("languages", 2),
        "languages-0-language": "hr",
        "languages-0-level": str(LanguageLevel.NATIVE),
        "languages-1-language": "en",
        "languages-1-level": str(LanguageLevel.B2),
    }

    client.post(reverse("experts:profile_languages"), data)

    assert sorted(expert.languages.values_list("language_id", "level")) == [("en", 4), ("hr", 7)]


def test_availability_refuses_a_period_that_ends_before_it_starts(client, expert):
    data = {
        "max_days_per_year": "30",
        **management("periods", 1),
        "periods-0-start": "2027-03-10",
        "periods-0-end": "2027-03-01",
        "periods-0-reason": "Leave",
    }

    response = client.post(reverse("experts:profile_availability"), data)

    assert response.status_code == 200
    assert response.context["formset"].errors[0] == {"end": ["The period ends before it starts."]}
    assert 'value="Leave"' in response.content.decode()
    assert expert.unavailable_periods.count() == 0


def test_availability_refuses_overlapping_periods(client, expert):
    data = {
        "max_days_per_year": "30",
        **management("periods", 2),
        "periods-0-start": "2027-03-01",
        "periods-0-end": "2027-03-10",
        "periods-1-start": "2027-03-10",
        "periods-1-end": "2027-03-20",
    }

    response = client.post(reverse("experts:profile_availability"), data)

    assert response.status_code == 200
    assert response.context["formset"].errors[1] == {
        "start": ["This period overlaps another one, March 1, 2027 – March 10, 2027."]
    }


def test_availability_saves_the_limit_and_periods(client, expert):
    data = {
        "max_days_per_year": "45",
        **management("periods", 2),
        "periods-0-start": "2027-03-01",
        "periods-0-end": "2027-03-10",
        "periods-0-reason": "Leave",
        "periods-1-start": "",
        "periods-1-end": "",
    }

    response = client.post(reverse("experts:profile_availability"), data)

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.max_days_per_year == 45
    assert list(expert.unavailable_periods.values_list("reason", flat=True)) == ["Leave"]


def test_countries_section_sets_partner_countries(client, expert):
    response = client.post(reverse("experts:profile_countries"), {"countries": ["XK", "ME"]})

    assert response.status_code == 302
    assert sorted(expert.countries_of_experience.values_list("code", flat=True)) == ["ME", "XK"]


def test_summary_section_requires_a_summary(client, expert):
    response = client.post(reverse("experts:profile_summary"), {"keywords": "pensions"})

    assert list(response.context["form"].errors) == ["summary"]


def test_cv_upload_stores_a_pdf(client, expert):
    upload = SimpleUploadedFile("Mon CV.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(reverse("experts:profile_cv"), {"cv": upload})

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.cv_name == "Mon-CV.pdf"
    assert expert.cv.name.startswith(f"experts/{expert.pk}/cv/")
    assert AuditRecord.objects.filter(action="cv_upload").count() == 1


def test_cv_upload_refuses_a_text_file_named_pdf(client, expert):
    upload = SimpleUploadedFile(
        "cv.pdf", b"just some text, not a PDF", content_type="application/pdf"
    )

    response = client.post(reverse("experts:profile_cv"), {"cv": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == [
        "“cv.pdf” is not an accepted kind of file. Accepted: DOC, DOCX, ODP, ODS, ODT, PDF, PPT, "
        "PPTX, XLS, XLSX."
    ]
    expert.refresh_from_db()
    assert not expert.cv


def test_cv_upload_refuses_a_pdf_named_docx(client, expert):
    upload = SimpleUploadedFile("cv.docx", PDF_BYTES)

    response = client.post(reverse("experts:profile_cv"), {"cv": upload})

    assert response.context["form"].errors["cv"] == [
        "“cv.docx” is not what its name says: its content is a PDF file. Check that you chose the "
        "right file, or save it in the format its name says."
    ]


def test_cv_upload_accepts_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    from experts.forms import CVForm

    form = CVForm(files={"cv": SimpleUploadedFile("cv.docx", buffer.getvalue())})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["cv"].name == "cv.docx"


def test_consent_section_records_the_date(client, expert):
    response = client.post(reverse("experts:profile_consent"), {"consent": "on"})

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.consent_given_at is not None
    assert AuditRecord.objects.filter(action="consent_given").count() == 1


def test_consent_section_requires_the_box(client, expert):
    response = client.post(reverse("experts:profile_consent"), {})

    assert response.context["form"].errors == {"consent": ["Tick the box to give your consent."]}


def test_row_endpoint_returns_the_next_empty_row_and_the_new_count(client, expert):
    response = client.get(
        reverse("experts:profile_row", args=["languages"]), {"languages-TOTAL_FORMS": "2"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="languages-2-language"' in content
    assert 'id="id_languages-TOTAL_FORMS" hx-swap-oob="true"' in content
    assert 'value="3"' in content


def test_row_endpoint_refuses_an_unknown_section(client, expert):
    assert client.get(reverse("experts:profile_row", args=["salaries"])).status_code == 404


def test_row_endpoint_refuses_a_count_that_is_not_a_number(client, expert):
    response = client.get(
        reverse("experts:profile_row", args=["themes"]), {"themes-TOTAL_FORMS": "x"}
    )

    assert response.status_code == 400


def test_submit_of_an_incomplete_profile_is_refused_with_the_list(client, expert):
    response = client.post(reverse("experts:profile_submit"), follow=True)

    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.DRAFT
    messages = [str(message) for message in response.context["messages"]]
    assert messages[0].startswith(
        "Your profile cannot be submitted yet. Please complete: Nationality, "
    )


def test_submit_of_a_complete_profile_applies(client):
    expert = CompleteExpertFactory()
    client.force_login(expert.user)

    client.post(reverse("experts:profile_submit"))

    expert.refresh_from_db()
    assert expert.roster_status == RosterStatus.APPLIED


def test_cv_is_served_to_its_expert_and_to_staff_only(client, officer_user, partner_user):
    owner = CompleteExpertFactory()
    other = ExpertFactory(user=ExpertUserFactory())
    url = reverse("experts:cv", args=[owner.pk])

    client.force_login(owner.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    client.force_login(officer_user)
    assert client.get(url).status_code == 200

    client.force_login(other.user)
    assert client.get(url).status_code == 404

    client.force_login(partner_user)
    assert client.get(url).status_code == 404


def test_nationality_choices_include_every_country(client, expert):
    response = client.get(reverse("experts:profile_details"))

    assert country("LU") in response.context["form"].fields["nationality"].queryset
    assert language("en")  # reference data loaded once for the test database


def test_summary_section_refuses_a_summary_too_long(client, expert):
    response = client.post(reverse("experts:profile_summary"), {"summary": "x" * 4001})

    assert response.context["form"].errors["summary"] == [
        "Ensure this value has at most 4000 characters (it has 4001)."
    ]
