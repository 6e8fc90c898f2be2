"""The root URL configuration. Each app owns its own ``urls.py``."""

from django.contrib import admin
from django.urls import include, path

from .views import public

public_patterns = ([path("", public.home, name="home")], "public")

urlpatterns = [
    path("", include(public_patterns)),
    path("", include("health.urls")),
    path("accounts/", include("accounts.urls")),
    path("partner/", include("partners.urls")),
    path("", include("cooperation.app_urls")),
    path("expert/", include("experts.urls")),
    path("", include("missions.urls")),
    path("", include("calls.urls")),
    path("", include("consultations.urls")),
    path("", include("meetings.urls")),
    path("", include("reporting.urls")),
    path("notifications/", include("notifications.urls")),
    path("staff/audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cooperation.views.errors.bad_request"
handler403 = "cooperation.views.errors.permission_denied"
handler404 = "cooperation.views.errors.page_not_found"
handler500 = "cooperation.views.errors.server_error"
