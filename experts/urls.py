from django.urls import path

from .views import expert, files, matching, staff

app_name = "experts"

urlpatterns = [
    # The expert's own pages.
    path("", expert.home, name="home"),
    path("profile/", expert.profile, name="profile"),
    path("profile/employment/", expert.profile_details, name="profile_details"),
    path("profile/themes/", expert.profile_themes, name="profile_themes"),
    path("profile/languages/", expert.profile_languages, name="profile_languages"),
    path("profile/countries/", expert.profile_countries, name="profile_countries"),
    path("profile/summary/", expert.profile_summary, name="profile_summary"),
    path("profile/cv/", expert.profile_cv, name="profile_cv"),
    path("profile/availability/", expert.profile_availability, name="profile_availability"),
    path("profile/data-protection/", expert.profile_consent, name="profile_consent"),
    path("profile/submit/", expert.profile_submit, name="profile_submit"),
    path("profile/rows/<slug:kind>/", expert.profile_row, name="profile_row"),
    path("my-data/", expert.data, name="data"),
    path("my-data/export/", expert.data_export, name="data_export"),
    path("my-data/withdraw-consent/", expert.consent_withdraw, name="consent_withdraw"),
    path("my-data/delete/", expert.delete_profile, name="delete_profile"),
    # Staff: the roster search, profiles and vetting.
    path("roster/", staff.roster, name="roster"),
    path("roster/<int:pk>/", staff.roster_detail, name="roster_detail"),
    path("roster/<int:pk>/vet/", staff.roster_vet, name="roster_vet"),
    # Staff: the shortlist that matching makes for a request or a mission.
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/",
        matching.shortlist,
        name="shortlist",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/status/",
        matching.shortlist_status,
        name="shortlist_status",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/run/",
        matching.shortlist_run,
        name="shortlist_run",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/candidates/",
        matching.shortlist_candidates,
        name="shortlist_candidates",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/add/",
        matching.shortlist_add,
        name="shortlist_add",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/selection/",
        matching.shortlist_selection,
        name="shortlist_selection",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/<int:entry_id>/drop/",
        matching.shortlist_drop,
        name="shortlist_drop",
    ),
    path(
        "staff/shortlists/<slug:subject_type>/<int:object_id>/<int:entry_id>/restore/",
        matching.shortlist_restore,
        name="shortlist_restore",
    ),
    # The CV, for the expert and for staff.
    path("<int:pk>/cv/", files.cv_download, name="cv"),
]
