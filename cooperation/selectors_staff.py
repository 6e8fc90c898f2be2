"""Reads for the staff pages: the triage queue, a request's context, actions and timelines."""

import datetime
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import AuditRecord
from audit.selectors import audit_records_for
from partners.models import Institution, Membership, MembershipRole, MembershipStatus
from reference.models import ThematicArea

from .models import Action, ActionDocument, Request, RequestMessage, RequestStatus
from .transitions import ACTION_MACHINE, REQUEST_MACHINE

SIMILAR_LIMIT = 10
HISTORY_LIMIT = 20


def requests_for_staff() -> QuerySet[Request]:
    """Every request a partner has sent (drafts stay with the partner), ready for a list row."""
    return Request.objects.exclude(status=RequestStatus.DRAFT).select_related(
        "lead_institution__country", "assigned_officer"
    )


# What a row of the queue shows (cooperation/staff/partials/request_results.html): a request's
# texts (context, objectives...) are long, and reading them for 25 rows cost more than the query.
QUEUE_ROW_FIELDS = (
    "reference", "title", "status", "submitted_at",
    "lead_institution__name", "lead_institution__acronym",
    "lead_institution__verification_status", "lead_institution__country__name",
    "assigned_officer__full_name", "assigned_officer__email",
)  # fmt: skip


def queue_rows(requests: QuerySet[Request]) -> QuerySet[Request]:
    """``requests`` (from ``requests_for_staff``) with only what the queue's rows show."""
    return requests.only(*QUEUE_ROW_FIELDS)


def request_status_counts(queryset: QuerySet[Request]) -> dict[str, int]:
    """How many requests of ``queryset`` are in each status (one query)."""
    rows = queryset.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(rows)


def request_status_counts_capped(
    queryset: QuerySet[Request], *, cap: int
) -> tuple[dict[str, int], bool]:
    """(counts per status, capped): exact when ``queryset`` holds at most ``cap`` requests; else
    only the first ``cap + 1`` are counted (one bounded query: the database stops reading there)
    and ``capped`` is True, the counts then being lower bounds that the page must not show."""
    sample = queryset.order_by().values_list("status")[: cap + 1]
    sql, params = sample.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT status, COUNT(*) FROM ({sql}) sample GROUP BY status", params)
        counts = {status: int(n) for status, n in cursor.fetchall()}
    return counts, sum(counts.values()) > cap


STATUS_DELTAS_COMPACT_AFTER = 500


def request_status_totals() -> dict[str, int] | None:
    """Every submitted request per status, read from the trigger-kept table of migration 0006
    (PostgreSQL): a few rows whatever the number of requests. None on other databases.

    The table holds +1/-1 rows per change; the beat task ``cooperation.status_totals_compact``
    folds them into one a status, so that this read never writes.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, SUM(n) FROM cooperation_request_status_delta GROUP BY status"
        )
        rows = cursor.fetchall()
    return {status: int(total) for status, total in rows if total and status != RequestStatus.DRAFT}


def request_status_totals_compact() -> bool:
    """Fold the status totals' +1/-1 rows into one a status once more than
    ``STATUS_DELTAS_COMPACT_AFTER`` pile up (PostgreSQL); whether it did."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cooperation_request_status_delta")
        if cursor.fetchone()[0] <= STATUS_DELTAS_COMPACT_AFTER:
            return False
        cursor.execute("SELECT cooperation_request_status_compact()")
    return True


def request_for_staff(pk: int) -> Request:
    """One submitted request with everything its staff page shows (raises DoesNotExist)."""
    return (
        requests_for_staff()
        .select_related("submitted_by", "action")
        .prefetch_related(
            Prefetch("themes", queryset=ThematicArea.objects.select_related("parent")),
            "languages",
            Prefetch("co_applicants", queryset=Institution.objects.select_related("country")),
            "attachments",
        )
        .get(pk=pk)
    )


def requests_similar_to(request: Request, *, limit: int = SIMILAR_LIMIT) -> list[Request]:
    """Possible duplicates: the institution's other requests, or the same themes and country."""
    theme_ids = [theme.pk for theme in request.themes.all()]
    shared_theme = Request.themes.through.objects.filter(
        request_id=OuterRef("pk"), thematicarea_id__in=theme_ids
    )
    same_institution = Q(lead_institution_id=request.lead_institution_id)
    same_country = Q(lead_institution__country_id=request.lead_institution.country_id)
    same_country_and_theme = same_country & Q(Exists(shared_theme))
    return list(
        requests_for_staff()
        .exclude(pk=request.pk)
        .filter(same_institution | same_country_and_theme)
        .order_by("-submitted_at", "-id")[:limit]
    )


def institution_requests(request: Request, *, limit: int = HISTORY_LIMIT) -> list[Request]:
    """The lead institution's other requests, newest first."""
    return list(
        requests_for_staff()
        .filter(lead_institution_id=request.lead_institution_id)
        .exclude(pk=request.pk)
        .order_by("-submitted_at", "-id")[:limit]
    )


def institution_actions(institution_id: int, *, limit: int = HISTORY_LIMIT) -> list[Action]:
    return list(
        Action.objects.filter(institutions=institution_id)
        .select_related("assigned_officer")
        .order_by("-created_at", "-id")[:limit]
    )


def request_partner_contacts(request: Request) -> list[User]:
    """Who hears from staff about a request: the submitter and the institutions' focal points."""
    focal_points = User.objects.filter(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"),
                institution_id=request.lead_institution_id,
                role=MembershipRole.FOCAL_POINT,
                status=MembershipStatus.ACTIVE,
            )
        ),
        is_active=True,
    )
    return [request.submitted_by, *focal_points]


def actions_for_staff() -> QuerySet[Action]:
    """Actions ready for a list row: officer and partner institutions in a fixed two queries."""
    return Action.objects.select_related("assigned_officer").prefetch_related(
        Prefetch(
            "institutions",
            queryset=Institution.objects.select_related("country").order_by("name"),
        )
    )


def action_with_plan(queryset: QuerySet[Action], pk: int) -> Action:
    """One action of ``queryset`` with what its page shows (raises DoesNotExist)."""
    return (
        queryset.select_related("assigned_officer", "created_by")
        .prefetch_related(
            Prefetch("institutions", queryset=Institution.objects.select_related("country")),
            Prefetch("themes", queryset=ThematicArea.objects.select_related("parent")),
            Prefetch(
                "requests",
                queryset=Request.objects.select_related("lead_institution").order_by("id"),
            ),
            Prefetch("documents", queryset=ActionDocument.objects.select_related("uploaded_by")),
        )
        .get(pk=pk)
    )


# --- Timelines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    actor: User | None
    title: str
    body: str
    kind: str  # "status", "event", "message" or "note"


EVENT_TITLES = {
    "assigned": gettext_lazy("Officer assigned"),
    "eligibility_recorded": gettext_lazy("Eligibility checklist updated"),
    "action_created": gettext_lazy("Action created"),
    "create": gettext_lazy("Action created"),
    "updated": gettext_lazy("Plan updated"),
    "document_added": gettext_lazy("Document added"),
}


def _record_entry(record: AuditRecord, machine) -> TimelineEntry:
    transition = machine.transitions.get(record.action)
    if record.to_state and record.from_state:
        title = _("%(action)s: %(from)s → %(to)s") % {
            "action": transition.label if transition else record.action,
            "from": machine.state_label(record.from_state),
            "to": machine.state_label(record.to_state),
        }
        kind = "status"
    elif record.to_state:
        title = _("%(action)s: %(to)s") % {
            "action": str(EVENT_TITLES.get(record.action, record.action)),
            "to": machine.state_label(record.to_state),
        }
        kind = "status"
    else:
        title, kind = str(EVENT_TITLES.get(record.action, record.action)), "event"
    return TimelineEntry(
        when=record.created_at, actor=record.actor, title=title, body=record.comment, kind=kind
    )


def request_timeline(request: Request) -> list[TimelineEntry]:
    """Status changes, messages and internal notes of a request, oldest first (staff only)."""
    entries = [_record_entry(record, REQUEST_MACHINE) for record in audit_records_for(request)]
    messages = RequestMessage.objects.filter(request=request).select_related("author")
    entries += [
        TimelineEntry(
            when=message.created_at,
            actor=message.author,
            title=_("Internal note") if message.is_internal else _("Message"),
            body=message.body,
            kind="note" if message.is_internal else "message",
        )
        for message in messages
    ]
    return sorted(entries, key=lambda entry: entry.when)


def action_timeline(action: Action) -> list[TimelineEntry]:
    return [_record_entry(record, ACTION_MACHINE) for record in audit_records_for(action)]


def last_status_change(obj) -> AuditRecord | None:
    """The latest audit record that changed ``obj``'s status (who decided, and when)."""
    return audit_records_for(obj).exclude(to_state="").order_by("-created_at", "-id").first()
