"""The requests in the Django admin, read-only for managers: the changelist with the staff queue's
filters is also the page benchmark's baseline (bench/pages.py)."""

from django.contrib import admin

from .models import Request


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "title",
        "lead_institution",
        "institution_country",
        "status",
        "assigned_officer",
        "submitted_at",
    )
    list_filter = (
        "status",
        "lead_institution__country__region",
        "lead_institution__country",
        "themes",
        "lead_institution__type",
        "lead_institution__verification_status",
        # Only the officers with requests: a plain related filter lists every account.
        ("assigned_officer", admin.RelatedOnlyFieldListFilter),
        "submitted_at",
    )
    list_select_related = ("lead_institution__country", "assigned_officer")
    search_fields = (
        "reference",
        "title",
        "lead_institution__name",
        "lead_institution__name_local",
        "=lead_institution__acronym",
        "context",
        "objectives",
    )
    ordering = ("-submitted_at", "-id")
    list_per_page = 25
    raw_id_fields = ("lead_institution", "submitted_by", "assigned_officer", "action")

    # Not the request's own ``country`` (the same value): through the institution, as before, so
    # that the benchmark's baseline sends the same statements.
    @admin.display(description="country", ordering="lead_institution__country__name")
    def institution_country(self, obj: Request) -> str:
        return obj.lead_institution.country.name
