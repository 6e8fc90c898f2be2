from django.contrib import admin

from .models import Country, Language, ThematicArea


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "is_partner", "is_eligible", "is_eu_member")
    list_filter = ("region", "is_partner", "is_eligible", "is_eu_member")
    list_editable = ("is_eligible",)
    search_fields = ("name", "code")


@admin.register(ThematicArea)
class ThematicAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "code")
    list_filter = ("parent",)
    search_fields = ("name", "code")
    list_select_related = ("parent",)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
