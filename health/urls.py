from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("staff/system/", views.system_status, name="system_status"),
]
