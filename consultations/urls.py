"""URLs of the consultations app."""

from django.urls import path  # noqa: F401 (the app adds its paths here)

app_name = "consultations"

urlpatterns: list = []
