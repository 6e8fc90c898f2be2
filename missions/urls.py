"""Mission pages. Included at the root: staff pages under ``staff/missions/``, the expert's under
``invitations/`` and ``missions/<id>/report/``, the partner's under ``missions/``."""

from django.urls import path

from .views import expert, partner, shared, staff

app_name = "missions"

urlpatterns = [
    # Programme staff
    path("staff/missions/", staff.mission_list, name="staff_list"),
    path("staff/missions/new/<int:action_id>/", staff.mission_create, name="staff_create"),
    path("staff/missions/<int:pk>/", staff.mission_detail, name="staff_mission"),
    path("staff/missions/<int:pk>/edit/", staff.mission_edit, name="staff_edit"),
    path("staff/missions/<int:pk>/invite/", staff.mission_invite, name="staff_invite"),
    path(
        "staff/missions/<int:pk>/transition/<str:name>/",
        staff.mission_transition,
        name="staff_transition",
    ),
    path(
        "staff/missions/invitations/<int:pk>/withdraw/",
        staff.invitation_withdraw,
        name="staff_invitation_withdraw",
    ),
    path("staff/missions/reports/<int:pk>/", staff.report_review, name="staff_report"),
    # Experts
    path("invitations/", expert.invitation_list, name="expert_list"),
    path("invitations/<int:pk>/", expert.invitation_detail, name="expert_invitation"),
    path("invitations/<int:pk>/<str:answer>/", expert.invitation_answer, name="expert_answer"),
    path(
        "invitations/link/<str:token>/<str:answer>/",
        expert.invitation_link,
        name="invitation_link",
    ),
    path("missions/<int:pk>/report/", expert.report_edit, name="expert_report"),
    path(
        "missions/attachments/<int:pk>/delete/",
        expert.report_attachment_delete,
        name="expert_attachment_delete",
    ),
    # Everyone logged in
    path("missions/attachments/<int:pk>/", shared.report_attachment, name="report_attachment"),
    path("missions/calendar/", shared.calendar_page, name="calendar"),
    path("missions/calendar/missions.ics", shared.calendar_download, name="calendar_download"),
    path("missions/calendar/feed/<str:token>/", shared.calendar_feed, name="calendar_feed"),
    # Partner institutions
    path("missions/", partner.mission_list, name="partner_list"),
    path("missions/<int:pk>/", partner.mission_detail, name="partner_mission"),
    path(
        "missions/<int:pk>/feedback/<int:institution_id>/",
        partner.feedback_edit,
        name="partner_feedback",
    ),
]
