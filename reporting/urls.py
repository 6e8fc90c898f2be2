from django.urls import path

from .views import dashboards, exports, public

app_name = "reporting"

urlpatterns = [
    path("staff/dashboard/", dashboards.staff_dashboard, name="staff_dashboard"),
    path("staff/dashboard/export/<slug:table>/", exports.staff_export, name="staff_export"),
    path("partner/dashboard/", dashboards.partner_dashboard, name="partner_dashboard"),
    path("expert/dashboard/", dashboards.expert_dashboard, name="expert_dashboard"),
    path("programme-in-numbers/", public.programme_in_numbers, name="programme_in_numbers"),
]
