"""The roster in the Django admin, read-only for managers: the changelist with the roster search's
filters is also the page benchmark's baseline (bench/pages.py)."""

from django.contrib import admin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("__str__", "nationality", "employer", "position", "roster_status")
    list_filter = (
        "roster_status",
        "themes__theme",
        "languages__language",
        "nationality",
        "countries_of_experience",
        "employer_type",
    )
    list_select_related = ("user", "nationality")
    search_fields = ("user__full_name", "user__email", "summary", "keywords")
    ordering = ("-id",)
    list_per_page = 25
    raw_id_fields = ("user",)
