"""Applications on a shortlist: an expert who applied to a call joins the subject's shortlist.

The entry is scored and explained exactly like a candidate added by staff (``experts.matching``,
with the hard constraints the expert misses, if any) and marked ``ShortlistSource.APPLICATION``.
Matching runs keep it (only matched entries are replaced), so the application stays beside the
matched candidates. The ``calls`` app calls these; ``experts`` never imports ``calls``.
"""

from django.db import models, transaction

from .matching import criteria_for, score_experts, unmet_constraints
from .models import Expert, ShortlistEntry, ShortlistSource
from .shortlists import _audit, _entries_rank, _scores_json, shortlist_of, shortlist_refresh


@transaction.atomic
def shortlist_entry_apply(
    *, subject: models.Model, expert: Expert, note: str, actor
) -> ShortlistEntry:
    """Put an applicant on the subject's shortlist (made, and matching queued, if none yet)."""
    shortlist = shortlist_of(subject) or shortlist_refresh(subject=subject, requested_by=actor)
    criteria = criteria_for(subject)
    unmet = unmet_constraints(criteria, [expert.pk])
    (match,) = score_experts(criteria, [expert.pk], unmet=unmet)
    # An applicant who withdrew and applies again comes back (unapply dropped the entry).
    again = shortlist.entries.filter(
        expert=expert, source=ShortlistSource.APPLICATION, dropped=True
    ).exists()
    entry, _created = ShortlistEntry.objects.update_or_create(
        shortlist=shortlist,
        expert=expert,
        defaults={
            **({"dropped": False} if again else {}),
            "source": ShortlistSource.APPLICATION,
            "total_score": round(match.total, 4),
            "scores": _scores_json(match),
            "explanation": match.explanation,
            "note": note,
            "changed_by": actor,
        },
    )
    _entries_rank(shortlist)
    _audit(shortlist, actor=actor, action="shortlist_apply", note=note, experts=[expert.pk])
    entry.refresh_from_db(fields=["rank"])
    return entry


@transaction.atomic
def shortlist_entry_unapply(*, subject: models.Model, expert: Expert, note: str, actor) -> None:
    """The applicant withdrew: drop their application entry (kept, marked dropped, with why)."""
    shortlist = shortlist_of(subject)
    if shortlist is None:
        return
    entry = shortlist.entries.filter(expert=expert, source=ShortlistSource.APPLICATION).first()
    if entry is None:
        return
    entry.dropped, entry.selected, entry.note, entry.changed_by = True, False, note, actor
    entry.save(update_fields=["dropped", "selected", "note", "changed_by"])
    _audit(shortlist, actor=actor, action="shortlist_drop", note=note, experts=[expert.pk])
