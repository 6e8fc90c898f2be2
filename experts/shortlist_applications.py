"""Applications on a shortlist: an expert who applied to a call joins the subject's shortlist.

The entry is scored and explained exactly like a candidate added by staff (``experts.matching``,
with the hard constraints the expert misses, if any) and marked ``ShortlistSource.APPLICATION``.
Matching runs keep it (only matched entries are replaced), so the application stays beside the
matched candidates. The ``calls`` app calls these; ``experts`` never imports ``calls``.
"""

from django.db import models, transaction

from .models import Expert, ShortlistEntry, ShortlistSource
from .shortlists import shortlist_entry_add, shortlist_entry_drop, shortlist_of, shortlist_refresh


@transaction.atomic
def shortlist_entry_apply(
    *, subject: models.Model, expert: Expert, note: str, actor
) -> ShortlistEntry:
    """Put an applicant on the subject's shortlist (made, and matching queued, if none yet)."""
    shortlist = shortlist_of(subject) or shortlist_refresh(subject=subject, requested_by=actor)
    return shortlist_entry_add(
        shortlist=shortlist,
        expert=expert,
        note=note,
        actor=actor,
        source=ShortlistSource.APPLICATION,
    )


@transaction.atomic
def shortlist_entry_unapply(*, subject: models.Model, expert: Expert, note: str, actor) -> None:
    """The applicant withdrew: drop their application entry (kept, marked dropped, with why)."""
    shortlist = shortlist_of(subject)
    if shortlist is None:
        return
    entry = shortlist.entries.filter(expert=expert, source=ShortlistSource.APPLICATION).first()
    if entry is not None:
        shortlist_entry_drop(entry=entry, note=note, actor=actor)
