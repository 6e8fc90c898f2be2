"""Reference data comes from the real loader; these helpers fetch (and load it once)."""

from reference.models import Country, Language, ThematicArea
from reference.services import reference_data_load


def _ensure_loaded() -> None:
    if not Country.objects.exists():
        reference_data_load()


def country(code: str) -> Country:
    _ensure_loaded()
    return Country.objects.get(code=code)


def language(code: str) -> Language:
    _ensure_loaded()
    return Language.objects.get(code=code)


def theme(code: str) -> ThematicArea:
    _ensure_loaded()
    return ThematicArea.objects.get(code=code)
