"""Call pages, included at the root: public under ``calls/``, the expert's under
``calls/positions/…`` and ``calls/applications/``, staff's under ``staff/calls/``."""

from django.urls import path

from .views import expert, public, staff

app_name = "calls"

urlpatterns = [
    # Everyone (ranked for a logged-in expert)
    path("calls/", public.call_list, name="list"),
    path("calls/<int:pk>/", public.call_detail, name="detail"),
    # Experts
    path("calls/positions/<int:pk>/apply/", expert.position_apply, name="apply"),
    path("calls/applications/", expert.my_applications, name="my_applications"),
    path(
        "calls/applications/<int:pk>/withdraw/",
        expert.application_withdraw,
        name="application_withdraw",
    ),
    # Programme staff
    path("staff/calls/", staff.call_list, name="staff_list"),
    path("staff/calls/new/<int:mission_id>/", staff.call_create, name="staff_create"),
    path("staff/calls/<int:pk>/", staff.call_detail, name="staff_detail"),
    path("staff/calls/<int:pk>/edit/", staff.call_edit, name="staff_edit"),
    path("staff/calls/<int:pk>/positions/new/", staff.position_add, name="staff_position_add"),
    path(
        "staff/calls/positions/<int:pk>/remove/",
        staff.position_remove,
        name="staff_position_remove",
    ),
    path(
        "staff/calls/<int:pk>/transition/<str:name>/",
        staff.call_transition,
        name="staff_transition",
    ),
]
