"""Shortlists: the stored result of matching a request or a mission, and what staff do with it.

- ``shortlist_refresh`` marks a subject's shortlist pending and queues the matching task once the
  transaction commits (a request accepted, a mission created or changed, "Find experts");
- ``shortlist_compute`` is the task's work: it ranks the roster (``experts.matching``) and replaces
  the snapshot under a row lock, so two runs at once still leave one snapshot;
- ``shortlist_entry_add`` / ``_drop`` / ``_restore`` and ``shortlist_select`` are staff's edits,
  each with an audit record on the subject. Staff's decisions survive a new run: experts added by
  hand and selected experts stay, and a re-matched expert keeps its drop, note and selection.
"""

import datetime
import logging
import time
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.services import audit_record_create

from . import tasks
from .matching import (
    Match,
    criteria_for,
    matching_weights,
    rank_experts,
    score_experts,
    unmet_constraints,
)
from .models import Expert, Shortlist, ShortlistEntry, ShortlistSource, ShortlistStatus
from .selectors import experts_matchable

logger = logging.getLogger(__name__)

SHORTLIST_SIZE = 20  # matched candidates kept in a snapshot
CANDIDATE_SEARCH_LIMIT = 10

# The subjects a shortlist can have, by the name used in URLs: (app label, model name).
SUBJECT_TYPES: dict[str, tuple[str, str]] = {
    "request": ("cooperation", "request"),
    "mission": ("missions", "mission"),
}


# --- Reads --------------------------------------------------------------------------------------


def shortlist_subject(subject_type: str, object_id: int) -> models.Model | None:
    """The request or mission named in a URL, or None."""
    if subject_type not in SUBJECT_TYPES:
        return None
    content_type = ContentType.objects.get_by_natural_key(*SUBJECT_TYPES[subject_type])
    return content_type.model_class()._default_manager.filter(pk=object_id).first()


def subject_type_of(subject: models.Model) -> str:
    label = (subject._meta.app_label, subject._meta.model_name)
    return next(name for name, value in SUBJECT_TYPES.items() if value == label)


def shortlist_of(subject: models.Model) -> Shortlist | None:
    return Shortlist.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).first()


def shortlist_entries(shortlist: Shortlist) -> QuerySet[ShortlistEntry]:
    """The candidates, best first, with what the table shows (a fixed number of queries)."""
    return shortlist.entries.select_related("expert__user", "expert__nationality").order_by(
        "rank", "-total_score", "expert_id"
    )


def shortlist_candidates(shortlist: Shortlist, query: str) -> QuerySet[Expert]:
    """Approved experts whose name or e-mail contains ``query``, not on the shortlist yet."""
    query = query.strip()
    if len(query) < 2:
        return Expert.objects.none()
    return (
        experts_matchable()
        .filter(Q(user__full_name__icontains=query) | Q(user__email__icontains=query))
        .exclude(pk__in=shortlist.entries.values("expert_id"))
        .select_related("user", "nationality")
        .order_by("user__full_name", "pk")[:CANDIDATE_SEARCH_LIMIT]
    )


# --- Running matching ---------------------------------------------------------------------------


def shortlist_refresh(*, subject: models.Model, requested_by=None) -> Shortlist:
    """Mark the subject's shortlist pending and queue matching after the transaction commits.

    Safe to call again while a run is queued or running: the task is idempotent.
    """
    content_type = ContentType.objects.get_for_model(subject)
    with transaction.atomic():
        shortlist, _created = Shortlist.objects.get_or_create(
            content_type=content_type, object_id=subject.pk
        )
        shortlist.status = ShortlistStatus.PENDING
        shortlist.requested_by = requested_by if getattr(requested_by, "pk", None) else None
        shortlist.requested_at = timezone.now()
        shortlist.error = ""
        shortlist.save(update_fields=["status", "requested_by", "requested_at", "error"])
        tasks.shortlist_compute_task.delay_on_commit(shortlist_id=shortlist.pk)
    return shortlist


def shortlists_requeue_stale(*, older_than: datetime.timedelta) -> int:
    """Queue matching again for the shortlists pending or running since longer than
    ``older_than``: their task was lost (a worker killed mid-run, a broker that lost its queue).

    A run that is in fact still going only makes the new one wait for the row lock and replace
    the snapshot again, so a short delay is safe. Returns how many were queued again.
    """
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            Shortlist.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=(ShortlistStatus.PENDING, ShortlistStatus.RUNNING),
                requested_at__lt=now - older_than,
            )
            .values_list("pk", flat=True)
        )
        Shortlist.objects.filter(pk__in=stale).update(
            status=ShortlistStatus.PENDING, requested_at=now
        )
        for shortlist_id in stale:
            tasks.shortlist_compute_task.delay_on_commit(shortlist_id=shortlist_id)
    if stale:
        logger.warning("Matching queued again for %d stale shortlists", len(stale))
    return len(stale)


def shortlist_on_request_accepted(sender, *, request, actor, **kwargs) -> None:
    """Receiver of ``cooperation.signals.request_accepted`` (connected in ``ExpertsConfig``)."""
    shortlist_refresh(subject=request, requested_by=actor)


def shortlist_compute(*, shortlist_id: int) -> Shortlist | None:
    """Rank the roster for the shortlist's subject and replace its snapshot; None if it is gone.

    The run holds the shortlist's row lock while it ranks and writes, so a second run waits and
    then replaces the snapshot in its turn. Database errors propagate (the task retries them);
    any other error marks the shortlist failed.
    """
    if not Shortlist.objects.filter(pk=shortlist_id).update(status=ShortlistStatus.RUNNING):
        return None
    started = time.monotonic()
    try:
        with transaction.atomic():
            shortlist = Shortlist.objects.select_for_update().filter(pk=shortlist_id).first()
            if shortlist is None:
                return None
            subject = shortlist.subject
            if subject is None:
                raise LookupError(f"{shortlist.content_type.model} {shortlist.object_id} is gone")
            criteria = criteria_for(subject)
            weights = matching_weights()
            matches = rank_experts(criteria, limit=SHORTLIST_SIZE, weights=weights)
            _entries_replace(shortlist, criteria=criteria, matches=matches, weights=weights)
            shortlist.status = ShortlistStatus.DONE
            shortlist.weights = weights
            shortlist.roster_size = experts_matchable().count()
            shortlist.duration_ms = round((time.monotonic() - started) * 1000)
            shortlist.computed_at = timezone.now()
            shortlist.error = ""
            shortlist.save(
                update_fields=[
                    "status", "weights", "roster_size", "duration_ms", "computed_at", "error",
                ]
            )  # fmt: skip
            return shortlist
    except (OperationalError, InterfaceError):
        raise
    except Exception as error:
        logger.exception("Matching failed for shortlist %s", shortlist_id)
        shortlist_fail(shortlist_id=shortlist_id, error=str(error))
        return Shortlist.objects.filter(pk=shortlist_id).first()


def shortlist_fail(*, shortlist_id: int, error: str) -> None:
    Shortlist.objects.filter(pk=shortlist_id).update(
        status=ShortlistStatus.FAILED, error=error[:1000]
    )


def _scores_json(match: Match) -> dict[str, float]:
    return {name: round(score, 4) for name, score in match.scores.items()}


def _entries_replace(
    shortlist: Shortlist, *, criteria, matches: list[Match], weights: dict[str, float]
) -> None:
    """Replace the matched entries; keep (and rescore) those staff added or selected."""
    existing = {entry.expert_id: entry for entry in shortlist.entries.all()}
    matched = {match.expert_id: match for match in matches}
    kept = [
        expert_id
        for expert_id, entry in existing.items()
        if expert_id not in matched and (entry.source != ShortlistSource.MATCHED or entry.selected)
    ]
    shortlist.entries.exclude(expert_id__in=[*matched, *kept]).delete()
    unmet = unmet_constraints(criteria, kept)
    rescored = {
        match.expert_id: match
        for match in score_experts(criteria, kept, weights=weights, unmet=unmet)
    }
    created, updated = [], []
    for expert_id, match in {**matched, **rescored}.items():
        entry = existing.get(expert_id) or ShortlistEntry(
            shortlist=shortlist, expert_id=expert_id, source=ShortlistSource.MATCHED
        )
        entry.total_score = round(match.total, 4)
        entry.scores = _scores_json(match)
        entry.explanation = match.explanation
        (updated if entry.pk else created).append(entry)
    ShortlistEntry.objects.bulk_create(created)
    ShortlistEntry.objects.bulk_update(updated, ["total_score", "scores", "explanation"])
    _entries_rank(shortlist)


def _entries_rank(shortlist: Shortlist) -> None:
    entries = list(shortlist.entries.order_by("-total_score", "expert_id"))
    for rank, entry in enumerate(entries, start=1):
        entry.rank = rank
    ShortlistEntry.objects.bulk_update(entries, ["rank"])


# --- Staff's edits ------------------------------------------------------------------------------


def _audit(shortlist: Shortlist, *, actor, action: str, note: str, experts: Iterable[int]) -> None:
    audit_record_create(
        target=shortlist.subject,
        actor=actor,
        action=action,
        comment=note,
        data={"shortlist": shortlist.pk, "experts": sorted(experts)},
    )


# The audit action of an entry put on the list, by its source.
_ADD_ACTIONS = {
    ShortlistSource.ADDED: "shortlist_add",
    ShortlistSource.APPLICATION: "shortlist_apply",
}


@transaction.atomic
def shortlist_entry_add(
    *,
    shortlist: Shortlist,
    expert: Expert,
    note: str,
    actor,
    source: ShortlistSource = ShortlistSource.ADDED,
) -> ShortlistEntry:
    """Put an expert on the shortlist by hand (``ADDED``) or as an applicant to a call
    (``APPLICATION``, see ``experts.shortlist_applications``), scored and explained like the
    others (with the hard constraints they miss, if any)."""
    criteria = criteria_for(shortlist.subject)
    unmet = unmet_constraints(criteria, [expert.pk])
    (match,) = score_experts(criteria, [expert.pk], unmet=unmet)
    # Staff adding an expert take them back; an application brings back only the applicant's
    # own entry a withdrawal dropped, not a candidate staff dropped.
    undrop = (
        source != ShortlistSource.APPLICATION
        or shortlist.entries.filter(expert=expert, source=source, dropped=True).exists()
    )
    entry, _created = ShortlistEntry.objects.update_or_create(
        shortlist=shortlist,
        expert=expert,
        defaults={
            **({"dropped": False} if undrop else {}),
            "source": source,
            "total_score": round(match.total, 4),
            "scores": _scores_json(match),
            "explanation": match.explanation,
            "note": note,
            "changed_by": actor,
        },
    )
    _entries_rank(shortlist)
    _audit(shortlist, actor=actor, action=_ADD_ACTIONS[source], note=note, experts=[expert.pk])
    entry.refresh_from_db(fields=["rank"])
    return entry


@transaction.atomic
def shortlist_entry_drop(*, entry: ShortlistEntry, note: str, actor) -> ShortlistEntry:
    """Take a candidate off the list (kept, marked dropped, with the reason)."""
    entry.dropped, entry.selected, entry.note, entry.changed_by = True, False, note, actor
    entry.save(update_fields=["dropped", "selected", "note", "changed_by"])
    _audit(
        entry.shortlist, actor=actor, action="shortlist_drop", note=note, experts=[entry.expert_id]
    )
    return entry


@transaction.atomic
def shortlist_entry_restore(*, entry: ShortlistEntry, note: str, actor) -> ShortlistEntry:
    entry.dropped, entry.note, entry.changed_by = False, note, actor
    entry.save(update_fields=["dropped", "note", "changed_by"])
    _audit(
        entry.shortlist,
        actor=actor,
        action="shortlist_restore",
        note=note,
        experts=[entry.expert_id],
    )
    return entry


@transaction.atomic
def shortlist_select(*, shortlist: Shortlist, entry_ids: Iterable[int], actor) -> list[int]:
    """Mark exactly these candidates (not dropped) as selected for invitation; return the ids of
    the selected experts."""
    entries = shortlist.entries.select_for_update()
    chosen = set(entries.filter(pk__in=set(entry_ids), dropped=False).values_list("pk", flat=True))
    entries.filter(pk__in=chosen).update(selected=True, changed_by=actor)
    entries.exclude(pk__in=chosen).filter(selected=True).update(selected=False, changed_by=actor)
    experts = list(shortlist.entries.filter(selected=True).values_list("expert_id", flat=True))
    _audit(shortlist, actor=actor, action="shortlist_select", note="", experts=experts)
    return experts
