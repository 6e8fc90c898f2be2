from django.db import transaction

from . import data
from .models import Country, Language, Region, ThematicArea


@transaction.atomic
def reference_data_load() -> None:
    """Create or update the reference data. Eligibility already set by managers is kept."""
    for code, name, region, eligible in data.PARTNER_COUNTRIES:
        Country.objects.update_or_create(
            code=code,
            defaults={"name": name, "region": region, "is_partner": True},
            create_defaults={
                "name": name,
                "region": region,
                "is_partner": True,
                "is_eligible": eligible,
            },
        )
    for code, name in data.EU_MEMBER_STATES:
        Country.objects.update_or_create(
            code=code,
            defaults={"name": name, "region": Region.EUROPEAN_UNION, "is_eu_member": True},
        )
    for area_code, area_name, sub_areas in data.THEMATIC_AREAS:
        area, _ = ThematicArea.objects.update_or_create(
            code=area_code, defaults={"name": area_name, "parent": None}
        )
        for code, name in sub_areas:
            ThematicArea.objects.update_or_create(
                code=code, defaults={"name": name, "parent": area}
            )
    for code, name in data.LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
