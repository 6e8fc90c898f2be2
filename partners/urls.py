from django.urls import path

from .views import memberships, partner, staff

app_name = "partners"

urlpatterns = [
    path("", partner.home, name="home"),
    path("institutions/new/", partner.institution_create, name="institution_create"),
    path(
        "institutions/duplicates/",
        partner.institution_duplicates,
        name="institution_duplicates",
    ),
    path("institutions/join/", partner.institution_join, name="institution_join"),
    path("institutions/<int:pk>/", partner.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", partner.institution_edit, name="institution_edit"),
    path(
        "institutions/<int:pk>/join/",
        partner.institution_join_request,
        name="institution_join_request",
    ),
    path(
        "memberships/<int:pk>/approve/",
        memberships.membership_decide,
        {"approve": True},
        name="membership_approve",
    ),
    path(
        "memberships/<int:pk>/decline/",
        memberships.membership_decide,
        {"approve": False},
        name="membership_decline",
    ),
    path("staff/institutions/", staff.institution_list, name="staff_institution_list"),
    path(
        "staff/institutions/<int:pk>/",
        staff.institution_detail,
        name="staff_institution_detail",
    ),
]
