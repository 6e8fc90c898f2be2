"""URLs of the consultations app, included at the root: staff pages under ``staff/``, the
stakeholder's signed link under ``consultation/``."""

from django.urls import path

from .views import public, staff

app_name = "consultations"

urlpatterns = [
    path("staff/consultations/contacts/", staff.contact_list, name="contact_list"),
    path("staff/consultations/contacts/new/", staff.contact_edit, name="contact_create"),
    path("staff/consultations/contacts/<int:pk>/edit/", staff.contact_edit, name="contact_edit"),
    path(
        "staff/consultations/contacts/<int:pk>/deactivate/",
        staff.contact_deactivate,
        name="contact_deactivate",
    ),
    path("staff/requests/<int:pk>/consultation/new/", staff.consultation_send, name="send"),
    path(
        "staff/consultations/<int:pk>/override/",
        staff.consultation_override,
        name="override",
    ),
    path("staff/consultations/<int:pk>/close/", staff.consultation_close, name="close"),
    path(
        "staff/consultations/stakeholders/<int:pk>/resend/",
        staff.addressee_resend,
        name="resend",
    ),
    path("consultation/<str:token>/", public.consultation_answer, name="answer"),
]
