"""Writes for the roster: the expert's profile sections, CV, consent, data rights, vetting.

Status changes go through ``experts.transitions.ROSTER_MACHINE``; sensitive edits leave an audit
record in the same transaction.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record_create
from reference.models import Country, Language, ThematicArea
from uploads.validation import CheckedUpload

from .availability import Period, overlapping_pairs
from .models import Expert, ExpertLanguage, ExpertTheme, UnavailablePeriod
from .selectors import expert_personal_data
from .transitions import ROSTER_MACHINE, VETTING_TRANSITIONS

# The fields each profile section may change (the forms offer exactly these).
PROFILE_FIELDS = frozenset(
    {
        "nationality",
        "employer",
        "employer_type",
        "position",
        "years_experience",
        "summary",
        "keywords",
        "max_days_per_year",
    }
)


def expert_profile_get_or_create(*, user: User) -> Expert:
    """The expert's own profile, started (in draft) on their first visit."""
    expert, _created = Expert.objects.get_or_create(user=user)
    return expert


def _audit_edit(*, expert: Expert, actor: User, section: str, fields: Iterable[str]) -> None:
    audit_record_create(
        target=expert,
        actor=actor,
        action="profile_update",
        data={"section": section, "fields": sorted(fields)},
    )


@transaction.atomic
def expert_profile_update(
    *, expert: Expert, actor: User, section: str, data: dict[str, Any]
) -> Expert:
    """Save the changed plain fields of one profile section."""
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    # Compare with the stored row: a bound ModelForm has already changed ``expert`` in memory.
    current = Expert.objects.select_for_update().get(pk=expert.pk)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    if changed:
        for name in changed:
            setattr(current, name, data[name])
        current.save(update_fields=[*changed, "updated_at"])
        _audit_edit(expert=current, actor=actor, section=section, fields=changed)
    return current


@transaction.atomic
def expert_themes_replace(
    *, expert: Expert, actor: User, themes: Sequence[tuple[ThematicArea, int]]
) -> None:
    """Replace the expert's thematic expertise with (sub-area, years of experience) pairs."""
    sub_areas = [theme for theme, _years in themes]
    if any(theme.parent_id is None for theme in sub_areas):
        raise ValueError("Experts choose sub-areas of the taxonomy, not whole areas.")
    if len({theme.pk for theme in sub_areas}) != len(sub_areas):
        raise ValueError("Each sub-area may be listed once.")
    expert.themes.all().delete()
    ExpertTheme.objects.bulk_create(
        ExpertTheme(expert=expert, theme=theme, years=years) for theme, years in themes
    )
    expert.save(update_fields=["updated_at"])
    _audit_edit(expert=expert, actor=actor, section="themes", fields=["themes"])


@transaction.atomic
def expert_languages_replace(
    *, expert: Expert, actor: User, languages: Sequence[tuple[Language, int]]
) -> None:
    """Replace the expert's languages with (language, CEFR level) pairs."""
    if len({language.pk for language, _level in languages}) != len(languages):
        raise ValueError("Each language may be listed once.")
    expert.languages.all().delete()
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, language=language, level=level)
        for language, level in languages
    )
    expert.save(update_fields=["updated_at"])
    _audit_edit(expert=expert, actor=actor, section="languages", fields=["languages"])


@transaction.atomic
def expert_countries_set(*, expert: Expert, actor: User, countries: Iterable[Country]) -> None:
    expert.countries_of_experience.set(countries)
    expert.save(update_fields=["updated_at"])
    _audit_edit(expert=expert, actor=actor, section="countries", fields=["countries_of_experience"])


@transaction.atomic
def expert_availability_update(
    *,
    expert: Expert,
    actor: User,
    max_days_per_year: int,
    periods: Sequence[tuple[Period, str]],
) -> None:
    """Set the yearly limit and replace the unavailable periods ((period, reason) pairs)."""
    if overlapping_pairs([period for period, _reason in periods]):
        raise ValueError("Unavailable periods must not overlap.")
    expert.unavailable_periods.all().delete()
    UnavailablePeriod.objects.bulk_create(
        UnavailablePeriod(expert=expert, start=period.start, end=period.end, reason=reason)
        for period, reason in periods
    )
    expert.max_days_per_year = max_days_per_year
    expert.save(update_fields=["max_days_per_year", "updated_at"])
    _audit_edit(
        expert=expert,
        actor=actor,
        section="availability",
        fields=["max_days_per_year", "unavailable_periods"],
    )


@transaction.atomic
def expert_cv_upload(*, expert: Expert, actor: User, upload: CheckedUpload) -> Expert:
    """Store a checked CV in place of the previous one (deleted once the change is committed)."""
    previous = expert.cv.name
    expert.cv.save(upload.name, upload.file, save=False)
    expert.cv_name = upload.name
    expert.save(update_fields=["cv", "cv_name", "updated_at"])
    audit_record_create(
        target=expert,
        actor=actor,
        action="cv_upload",
        data={"name": upload.name, "size": upload.size, "content_type": upload.content_type},
    )
    if previous and previous != expert.cv.name:
        transaction.on_commit(lambda: default_storage.delete(previous))
    return expert


@transaction.atomic
def expert_consent_give(*, expert: Expert, actor: User) -> Expert:
    expert.consent_given_at = timezone.now()
    expert.save(update_fields=["consent_given_at", "updated_at"])
    audit_record_create(target=expert, actor=actor, action="consent_given")
    return expert


def expert_consent_withdraw(*, expert: Expert, actor: User) -> Expert:
    """Withdrawing consent takes the profile off the roster, back to draft."""
    return ROSTER_MACHINE.apply(
        expert, "withdraw_consent", actor=actor, changes={"consent_given_at": None}
    )


def expert_submit(*, expert: Expert, actor: User) -> Expert:
    """Submit a complete profile for vetting (refused with the list of what is missing)."""
    return ROSTER_MACHINE.apply(expert, "submit", actor=actor)


def expert_vet(*, expert: Expert, actor: User, action: str, note: str) -> Expert:
    """A manager's decision: approve, reject, suspend or reinstate, with a note to the expert."""
    if action not in VETTING_TRANSITIONS:
        raise ValueError(f"Not a vetting action: {action!r}")
    return ROSTER_MACHINE.apply(
        expert, action, actor=actor, comment=note, changes={"vetting_note": note}
    )


def expert_anonymise(*, expert: Expert, actor: User) -> Expert:
    """Delete the profile at the expert's request: the row stays, anonymised, for statistics."""
    return ROSTER_MACHINE.apply(
        expert,
        "anonymise",
        actor=actor,
        changes={
            "employer": "",
            "position": "",
            "summary": "",
            "keywords": "",
            "vetting_note": "",
            "cv": "",
            "cv_name": "",
            "max_days_per_year": None,
            "consent_given_at": None,
            "anonymised_at": timezone.now(),
        },
    )


@transaction.atomic
def expert_data_export(*, expert: Expert, actor: User) -> dict:
    """Everything the portal holds about the expert; the download is recorded."""
    audit_record_create(target=expert, actor=actor, action="data_export")
    return expert_personal_data(expert)
