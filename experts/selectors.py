"""Reads for the roster: completeness, visibility, availability, the expert's home, data export.

``experts`` sits below ``missions`` in the import order, so invitations, missions and reports are
reached through the reverse relations ``Expert.invitations`` and ``Expert.reports`` and the
missions' status values by name (below), never by importing ``missions``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.selectors import audit_records_for
from reference.models import LanguageLevel, ThematicArea

from .availability import Period, days_within, year_period
from .models import Expert, ExpertLanguage, ExpertTheme, RosterStatus, UnavailablePeriod

# Status values of missions.models, by name (see the module docstring).
INVITATION_INVITED = "invited"
INVITATION_ACCEPTED = "accepted"
MISSION_COMPLETED = "completed"
MISSION_OVER = ("completed", "reported", "closed", "cancelled")
REPORT_SENT = ("submitted", "accepted")

# The profile's sections, in the order the expert fills them in.
PROFILE_SECTIONS: list[tuple[str, Promise]] = [
    ("details", _("Employment")),
    ("themes", _("Thematic expertise")),
    ("languages", _("Languages")),
    ("countries", _("Country experience")),
    ("summary", _("Summary and keywords")),
    ("cv", _("CV")),
    ("availability", _("Availability")),
    ("consent", _("Data protection")),
]

WORKING_LANGUAGE_LEVEL = LanguageLevel.B2


@dataclass(frozen=True)
class CheckItem:
    section: str
    label: str
    done: bool


@dataclass(frozen=True)
class Completeness:
    items: list[CheckItem]

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.items if not item.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def percent(self) -> int:
        done = sum(item.done for item in self.items)
        return round(100 * done / len(self.items))

    def section_status(self, section: str) -> str:
        """``done``, ``missing``, or ``optional`` for a section that nothing requires."""
        items = [item for item in self.items if item.section == section]
        if not items:
            return "optional"
        return "done" if all(item.done for item in items) else "missing"


def expert_completeness(expert: Expert) -> Completeness:
    """What a profile needs before it can be submitted for vetting: the one rule, used by the
    indicator, the submit guard and the tests. Country experience and keywords are optional."""
    has_theme = expert.themes.exists()
    has_working_language = expert.languages.filter(level__gte=WORKING_LANGUAGE_LEVEL).exists()
    checks = [
        ("details", _("Nationality"), expert.nationality_id is not None),
        ("details", _("Current employer"), bool(expert.employer)),
        ("details", _("Employer type"), bool(expert.employer_type)),
        ("details", _("Position"), bool(expert.position)),
        ("details", _("Years of experience"), expert.years_experience is not None),
        ("themes", _("At least one area of thematic expertise"), has_theme),
        ("languages", _("A working language at B2 or better"), has_working_language),
        ("summary", _("Summary of your experience"), bool(expert.summary.strip())),
        ("cv", _("CV"), bool(expert.cv)),
        ("availability", _("Maximum mission days a year"), expert.max_days_per_year is not None),
        (
            "consent",
            _("Consent to the processing of your data"),
            expert.consent_given_at is not None,
        ),
    ]
    return Completeness([CheckItem(section, str(label), done) for section, label, done in checks])


def experts_visible_to(user) -> QuerySet[Expert]:
    """Staff see every profile; an expert only their own; everybody else none."""
    if not user.is_authenticated:
        return Expert.objects.none()
    if user.is_programme_staff:
        return Expert.objects.all()
    return Expert.objects.filter(user=user)


def experts_matchable() -> QuerySet[Expert]:
    """Approved experts who consent to the processing of their data: the only ones that matching
    and invitations may use (see ``experts.rules.expert_can_be_invited``)."""
    return Expert.objects.filter(
        roster_status=RosterStatus.APPROVED, consent_given_at__isnull=False
    )


def experts_available_for(
    start: datetime.date, end: datetime.date, queryset: QuerySet[Expert] | None = None
) -> QuerySet[Expert]:
    """Experts free for the whole period: no unavailable period and no accepted mission shares a
    day with it. Two correlated EXISTS, each served by an index on (expert, …)."""
    queryset = Expert.objects.all() if queryset is None else queryset
    unavailable = UnavailablePeriod.objects.filter(
        expert=OuterRef("pk"), start__lte=end, end__gte=start
    )
    invitation = Expert._meta.get_field("invitations").related_model  # missions.Invitation
    on_mission = invitation.objects.filter(
        expert=OuterRef("pk"),
        status=INVITATION_ACCEPTED,
        mission__start_date__lte=end,
        mission__end_date__gte=start,
    )
    return queryset.filter(~Exists(unavailable), ~Exists(on_mission))


def experts_with_theme(theme: ThematicArea, queryset: QuerySet[Expert]) -> QuerySet[Expert]:
    """Experts with the theme; an area (no parent) stands for itself and all its sub-areas."""
    themes = ThematicArea.objects.filter(Q(pk=theme.pk) | Q(parent=theme.pk)).values("pk")
    return queryset.filter(
        Exists(ExpertTheme.objects.filter(expert=OuterRef("pk"), theme__in=themes))
    )


def experts_speaking(
    language, queryset: QuerySet[Expert], *, min_level: int | None = None
) -> QuerySet[Expert]:
    speakers = ExpertLanguage.objects.filter(expert=OuterRef("pk"), language=language)
    if min_level:
        speakers = speakers.filter(level__gte=min_level)
    return queryset.filter(Exists(speakers))


def experts_for_roster() -> QuerySet[Expert]:
    """The roster as staff search it, newest first, with what the result rows show.

    The prefetches run for the rows of one page only, so a page costs a fixed number of queries.
    """
    return (
        Expert.objects.exclude(roster_status=RosterStatus.ANONYMISED)
        .select_related("user", "nationality")
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=ExpertTheme.objects.select_related("theme").order_by(
                    "-years", "theme__name"
                ),
            ),
            Prefetch(
                "languages",
                queryset=ExpertLanguage.objects.select_related("language").order_by(
                    "-level", "language__name"
                ),
            ),
            "countries_of_experience",
        )
        .order_by("-id")
    )


def expert_profile_details(expert: Expert) -> Expert:
    """One profile with everything its pages show, in a fixed number of queries."""
    return (
        Expert.objects.select_related("user", "nationality")
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=ExpertTheme.objects.select_related("theme__parent").order_by(
                    "theme__parent__name", "theme__name"
                ),
            ),
            Prefetch(
                "languages",
                queryset=ExpertLanguage.objects.select_related("language").order_by(
                    "-level", "language__name"
                ),
            ),
            "countries_of_experience",
            "unavailable_periods",
        )
        .get(pk=expert.pk)
    )


def expert_busy_periods(expert: Expert) -> list[Period]:
    """The periods of the missions the expert has accepted."""
    dates = expert.invitations.filter(status=INVITATION_ACCEPTED).values_list(
        "mission__start_date", "mission__end_date"
    )
    return [Period(start, end) for start, end in dates]


def expert_mission_days(expert: Expert, *, year: int) -> int:
    """Calendar days of accepted missions that fall within the year."""
    return days_within(expert_busy_periods(expert), year_period(year))


@dataclass(frozen=True)
class ExpertHome:
    invitations: QuerySet
    missions: QuerySet
    reports_due: QuerySet
    upcoming_unavailability: QuerySet[UnavailablePeriod]
    mission_days_this_year: int


def expert_home(expert: Expert) -> ExpertHome:
    """What waits for the expert: invitations to answer, missions ahead, reports due."""
    today = timezone.localdate()
    accepted = expert.invitations.filter(status=INVITATION_ACCEPTED).select_related(
        "mission__action"
    )
    report_sent = expert.reports.filter(mission=OuterRef("mission"), status__in=REPORT_SENT)
    return ExpertHome(
        invitations=expert.invitations.filter(status=INVITATION_INVITED)
        .select_related("mission__action")
        .order_by("deadline", "mission__start_date"),
        missions=accepted.exclude(mission__status__in=MISSION_OVER).order_by("mission__start_date"),
        reports_due=accepted.filter(mission__status=MISSION_COMPLETED)
        .filter(~Exists(report_sent))
        .order_by("mission__end_date"),
        upcoming_unavailability=expert.unavailable_periods.filter(end__gte=today)[:3],
        mission_days_this_year=expert_mission_days(expert, year=today.year),
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def expert_personal_data(expert: Expert) -> dict:
    """Everything the portal holds about the expert, as JSON-ready data."""
    expert = expert_profile_details(expert)
    user = expert.user
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": {
            "nationality": expert.nationality.name if expert.nationality else None,
            "employer": expert.employer,
            "employer_type": expert.get_employer_type_display() if expert.employer_type else None,
            "position": expert.position,
            "years_experience": expert.years_experience,
            "summary": expert.summary,
            "keywords": expert.keywords,
            "cv": expert.cv_name or None,
            "max_days_per_year": expert.max_days_per_year,
            "roster_status": expert.get_roster_status_display(),
            "vetting_note": expert.vetting_note,
            "consent_given_at": _iso(expert.consent_given_at),
            "created_at": _iso(expert.created_at),
            "updated_at": _iso(expert.updated_at),
        },
        "thematic_expertise": [
            {"theme": str(item.theme), "years": item.years} for item in expert.themes.all()
        ],
        "languages": [
            {"language": item.language.name, "level": item.get_level_display()}
            for item in expert.languages.all()
        ],
        "countries_of_experience": [
            country.name for country in expert.countries_of_experience.all()
        ],
        "unavailable_periods": [
            {"start": _iso(period.start), "end": _iso(period.end), "reason": period.reason}
            for period in expert.unavailable_periods.all()
        ],
        "declared_conflicts_of_interest": list(
            expert.conflict_institutions.values_list("name", flat=True)
        ),
        "invitations": [
            {
                "mission": row["mission__title"],
                "mission_start": _iso(row["mission__start_date"]),
                "mission_end": _iso(row["mission__end_date"]),
                "role": row["role"],
                "status": row["status"],
                "match_score": row["score"],
                "match_explanation": row["score_explanation"],
                "invited_at": _iso(row["invited_at"]),
                "responded_at": _iso(row["responded_at"]),
                "response_reason": row["response_reason"],
            }
            for row in expert.invitations.order_by("created_at").values(
                "mission__title",
                "mission__start_date",
                "mission__end_date",
                "role",
                "status",
                "score",
                "score_explanation",
                "invited_at",
                "responded_at",
                "response_reason",
            )
        ],
        "mission_reports": [
            {
                "mission": row["mission__title"],
                "status": row["status"],
                "submitted_at": _iso(row["submitted_at"]),
                "activities": row["activities"],
                "findings": row["findings"],
                "recommendations": row["recommendations"],
                "follow_up": row["follow_up"],
            }
            for row in expert.reports.order_by("created_at").values(
                "mission__title",
                "status",
                "submitted_at",
                "activities",
                "findings",
                "recommendations",
                "follow_up",
            )
        ],
        "notifications": [
            {
                "created_at": _iso(row["created_at"]),
                "title": row["title"],
                "message": row["body"],
                "read_at": _iso(row["read_at"]),
            }
            for row in user.notifications.order_by("created_at").values(
                "created_at", "title", "body", "read_at"
            )
        ],
        "history": [
            {
                "when": _iso(record.created_at),
                "action": record.action,
                "from": record.from_state,
                "to": record.to_state,
                "comment": record.comment,
            }
            for record in audit_records_for(expert)
        ],
    }
