"""URLs of the meetings app, included at the root: every page is under ``staff/meetings/``."""

from django.urls import path

from .views import staff

app_name = "meetings"

urlpatterns = [
    path("staff/meetings/", staff.meeting_list, name="list"),
    path("staff/meetings/new/", staff.meeting_create, name="create"),
    path("staff/meetings/criteria/", staff.criteria_list, name="criteria"),
    path("staff/meetings/criteria/<int:pk>/", staff.criterion_edit, name="criterion_edit"),
    path("staff/meetings/add-request/<int:request_pk>/", staff.request_add, name="request_add"),
    path("staff/meetings/<int:pk>/", staff.meeting_detail, name="meeting"),
    path("staff/meetings/<int:pk>/edit/", staff.meeting_edit, name="edit"),
    path("staff/meetings/<int:pk>/agenda/add/", staff.agenda_add, name="agenda_add"),
    path("staff/meetings/<int:pk>/agenda/remove/", staff.agenda_remove, name="agenda_remove"),
    path("staff/meetings/<int:pk>/items/<int:item_pk>/", staff.item_assess, name="item"),
    path("staff/meetings/<int:pk>/close/", staff.meeting_close, name="close"),
    path(
        "staff/meetings/<int:pk>/minutes/<str:file_format>/",
        staff.minutes_export,
        name="minutes_export",
    ),
]
