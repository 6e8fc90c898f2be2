"""Reads of partner institutions and memberships, always scoped to what the user may see."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from audit.models import AuditRecord
from audit.selectors import audit_records_for
from reference.models import Country

from .models import (
    Institution,
    Membership,
    MembershipRole,
    MembershipStatus,
    VerificationStatus,
)

# Words that say nothing about which institution a name means ("Ministry of ... of ..."). Words
# shorter than four letters ("of", "and") are left out anyway.
NAME_STOPWORDS = frozenset(
    {
        "ministry",
        "institute",
        "institution",
        "office",
        "public",
        "agency",
        "fund",
        "national",
        "republic",
        "republican",
        "municipality",
        "city",
    }
)
DUPLICATE_SIMILARITY = 0.6
DUPLICATE_CANDIDATES = 200
DUPLICATE_LIMIT = 5


def institution_ids_of(user) -> list[int]:
    """The institutions where the user is an active member (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_active_institution_ids", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
                "institution_id", flat=True
            )
        )
        user._active_institution_ids = cached
    return cached


def focal_point_institution_ids_of(user) -> list[int]:
    """The institutions where the user is an active focal point (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_focal_point_institution_ids", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(
                user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.FOCAL_POINT
            ).values_list("institution_id", flat=True)
        )
        user._focal_point_institution_ids = cached
    return cached


def institutions_of(user) -> QuerySet[Institution]:
    return Institution.objects.filter(pk__in=institution_ids_of(user)).select_related("country")


def institutions_visible_to(user) -> QuerySet[Institution]:
    """Staff see every institution; partners the ones they are active members of."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if user.is_programme_staff:
        return Institution.objects.select_related("country", "parent")
    return Institution.objects.filter(pk__in=institution_ids_of(user)).select_related(
        "country", "parent"
    )


def institutions_for_staff() -> QuerySet[Institution]:
    """Every institution with its member counts, for the staff list."""
    return Institution.objects.select_related("country").annotate(
        active_members=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
        pending_members=Count(
            "memberships", filter=Q(memberships__status=MembershipStatus.PENDING)
        ),
    )


def institutions_to_join() -> QuerySet[Institution]:
    """Institutions a partner user may ask to join: those of partner countries."""
    return Institution.objects.filter(country__is_partner=True).select_related("country")


def memberships_of(user) -> QuerySet[Membership]:
    """The user's own memberships and join requests, whatever their status."""
    return (
        Membership.objects.filter(user=user)
        .select_related("institution__country")
        .order_by("status", "institution__name")
    )


def memberships_of_institution(institution: Institution) -> QuerySet[Membership]:
    """Members first (focal points on top), then join requests; declined ones last."""
    return (
        Membership.objects.filter(institution=institution)
        .select_related("user", "decided_by")
        .order_by("status", "role", "user__full_name")
    )


def join_requests_to_decide(user) -> QuerySet[Membership]:
    """Pending join requests to the institutions where the user is the focal point."""
    return (
        Membership.objects.filter(
            status=MembershipStatus.PENDING,
            institution_id__in=focal_point_institution_ids_of(user),
        )
        .select_related("user", "institution")
        .order_by("created_at", "id")
    )


def institution_focal_points(institution: Institution) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__institution=institution,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.FOCAL_POINT,
    )


@dataclass(frozen=True)
class HistoryEntry:
    record: AuditRecord
    title: str


def institution_history(institution: Institution) -> list[HistoryEntry]:
    """The audit trail of an institution (registration, profile changes, verification)."""
    verification = dict(VerificationStatus.choices)
    titles = {
        "register": gettext("Registered"),
        "update": gettext("Profile updated"),
    }
    return [
        HistoryEntry(
            record=record,
            title=(
                gettext("Verification: %(status)s")
                % {"status": verification.get(record.to_state, record.to_state)}
                if record.action == "verify"
                else titles.get(record.action, record.action)
            ),
        )
        for record in audit_records_for(institution)
    ]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _significant_words(text: str, *, ignore: frozenset[str]) -> set[str]:
    return {
        word
        for word in _normalise(text).split()
        if len(word) >= 4 and word not in NAME_STOPWORDS and word not in ignore
    }


def _name_similarity(wanted: str, candidate: Institution, *, ignore: frozenset[str]) -> float:
    """1.0 when one name contains the other; else the best of word overlap and edit similarity."""
    wanted_normalised = _normalise(wanted)
    wanted_words = _significant_words(wanted, ignore=ignore)
    best = 0.0
    for other in (candidate.name, candidate.name_local):
        other_normalised = _normalise(other)
        if not other_normalised:
            continue
        other_words = _significant_words(other, ignore=ignore)
        shorter, longer = sorted((wanted_normalised, other_normalised), key=len)
        shorter_words = wanted_words if shorter == wanted_normalised else other_words
        if shorter_words and shorter in longer:
            return 1.0
        if wanted_words | other_words:
            best = max(best, len(wanted_words & other_words) / len(wanted_words | other_words))
        best = max(best, SequenceMatcher(None, wanted_normalised, other_normalised).ratio())
    return best


def institution_duplicates(
    *, country: Country, name: str = "", acronym: str = "", exclude_pk: int | None = None
) -> list[Institution]:
    """Institutions of the same country that may be the one being registered, best first.

    A match is the same acronym, one name containing the other, or names alike once words such as
    "Ministry", "of" or the country's name are left out.
    """
    name, acronym = name.strip(), acronym.strip()
    ignore = frozenset(_normalise(country.name).split())
    words = _significant_words(name, ignore=ignore)
    condition = Q()
    if len(acronym) >= 2:
        condition |= Q(acronym__iexact=acronym)
    if len(name) >= 3:
        condition |= Q(name__icontains=name) | Q(name_local__icontains=name)
    for word in words:
        condition |= Q(name__icontains=word) | Q(name_local__icontains=word)
    if not condition:
        return []
    candidates = Institution.objects.filter(condition, country=country).select_related("country")
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    scored = []
    for candidate in candidates.order_by("name")[:DUPLICATE_CANDIDATES]:
        if len(acronym) >= 2 and candidate.acronym.lower() == acronym.lower():
            score = 1.0
        else:
            score = _name_similarity(name, candidate, ignore=ignore) if len(name) >= 3 else 0.0
        if score >= DUPLICATE_SIMILARITY:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [candidate for _score, candidate in scored[:DUPLICATE_LIMIT]]
