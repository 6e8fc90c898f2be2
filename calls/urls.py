"""URLs of the calls app."""

from django.urls import path  # noqa: F401 (the app adds its paths here)

app_name = "calls"

urlpatterns: list = []
