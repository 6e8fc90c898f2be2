"""The shortlist page (programme staff): run matching, watch it, read why each expert is there,
add or drop candidates with a note, and select experts to invite.

Addressed by subject: ``staff/shortlists/<request|mission>/<id>/``; other users get a 404.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.rules import is_programme_staff
from reference.models import Country, Language, ThematicArea

from .. import shortlists
from ..forms_shortlist import CandidateAddForm, CandidateSearchForm, NoteForm, SelectionForm
from ..matching import CRITERIA, CRITERION_LABELS, criteria_for, term_words
from ..models import Shortlist, ShortlistEntry, ShortlistStatus

# The subject's own staff page, by subject type (URL names: no import of the higher apps).
SUBJECT_PAGES = {
    "request": "cooperation:staff_request_detail",
    "mission": "missions:staff_mission",
}


def _subject(subject_type: str, object_id: int):
    subject = shortlists.shortlist_subject(subject_type, object_id)
    if subject is None:
        raise Http404
    return subject


def _shortlist(subject) -> Shortlist:
    shortlist = shortlists.shortlist_of(subject)
    if shortlist is None:
        raise Http404
    return shortlist


def _page(subject_type: str, object_id: int) -> HttpResponse:
    return redirect("experts:shortlist", subject_type=subject_type, object_id=object_id)


def _status_context(subject_type: str, subject, shortlist: Shortlist | None) -> dict:
    entries = list(shortlists.shortlist_entries(shortlist)) if shortlist else []
    weights = shortlist.weights if shortlist else {}
    return {
        "subject_type": subject_type,
        "subject": subject,
        "shortlist": shortlist,
        "rows": [
            (entry, [(CRITERION_LABELS[name], entry.scores.get(name, 0)) for name in CRITERIA])
            for entry in entries
        ],
        "weights": [
            (CRITERION_LABELS[name], weights[name]) for name in CRITERIA if name in weights
        ],
        "running": shortlist is not None
        and shortlist.status in (ShortlistStatus.PENDING, ShortlistStatus.RUNNING),
        "selected_count": sum(entry.selected for entry in entries),
    }


def _criteria_summary(subject) -> dict:
    """What matching reads from the subject, in words."""
    criteria = criteria_for(subject)
    return {
        "themes": ThematicArea.objects.filter(
            pk__in=[theme.theme_id for theme in criteria.themes]
        ).select_related("parent"),
        "languages": Language.objects.filter(pk__in=criteria.language_codes),
        "country": Country.objects.filter(pk=criteria.country_code).first(),
        "start": criteria.start,
        "end": criteria.end,
        "words": term_words(criteria.text).values(),
    }


@role_required(is_programme_staff)
@require_GET
def shortlist(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    shortlist = shortlists.shortlist_of(subject)
    query = CandidateSearchForm(request.GET).query()
    context = _status_context(subject_type, subject, shortlist)
    context.update(
        criteria=_criteria_summary(subject),
        subject_url=reverse(SUBJECT_PAGES[subject_type], args=[subject.pk]),
        query=query,
        candidates=shortlists.shortlist_candidates(shortlist, query) if shortlist else [],
    )
    return render(request, "experts/matching/shortlist.html", context)


@role_required(is_programme_staff)
@require_GET
def shortlist_status(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    """The polled fragment: progress while matching runs, the shortlist once it is done."""
    subject = _subject(subject_type, object_id)
    context = _status_context(subject_type, subject, shortlists.shortlist_of(subject))
    return render(request, "experts/matching/_status.html", context)


@role_required(is_programme_staff)
@require_GET
def shortlist_candidates(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    shortlist = _shortlist(subject)
    query = CandidateSearchForm(request.GET).query()
    return render(
        request,
        "experts/matching/_candidates.html",
        {
            "subject_type": subject_type,
            "subject": subject,
            "query": query,
            "candidates": shortlists.shortlist_candidates(shortlist, query),
        },
    )


@role_required(is_programme_staff)
@require_POST
def shortlist_run(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    """ "Find experts": queue matching (again)."""
    subject = _subject(subject_type, object_id)
    shortlists.shortlist_refresh(subject=subject, requested_by=request.user)
    messages.info(request, _("Matching has started. The shortlist appears below when it is ready."))
    return _page(subject_type, object_id)


@role_required(is_programme_staff)
@require_POST
def shortlist_add(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    shortlist = _shortlist(subject)
    form = CandidateAddForm(request.POST)
    if form.is_valid():
        expert = form.cleaned_data["expert"]
        shortlists.shortlist_entry_add(
            shortlist=shortlist, expert=expert, note=form.cleaned_data["note"], actor=request.user
        )
        messages.success(
            request, _("%(name)s is on the shortlist.") % {"name": expert.user.full_name}
        )
    else:
        messages.error(request, _("Say why you add this expert, then try again."))
    return _page(subject_type, object_id)


def _entry(subject, entry_id: int) -> ShortlistEntry:
    return get_object_or_404(
        ShortlistEntry.objects.select_related("expert__user", "shortlist"),
        pk=entry_id,
        shortlist=_shortlist(subject),
    )


@role_required(is_programme_staff)
@require_POST
def shortlist_drop(
    request: HttpRequest, subject_type: str, object_id: int, entry_id: int
) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    entry = _entry(subject, entry_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        shortlists.shortlist_entry_drop(
            entry=entry, note=form.cleaned_data["note"], actor=request.user
        )
        messages.success(
            request, _("%(name)s was dropped.") % {"name": entry.expert.user.full_name}
        )
    else:
        messages.error(request, _("Give a reason to drop a candidate."))
    return _page(subject_type, object_id)


@role_required(is_programme_staff)
@require_POST
def shortlist_restore(
    request: HttpRequest, subject_type: str, object_id: int, entry_id: int
) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    entry = _entry(subject, entry_id)
    form = NoteForm(request.POST, required=False)
    if form.is_valid():
        shortlists.shortlist_entry_restore(
            entry=entry, note=form.cleaned_data["note"], actor=request.user
        )
        messages.success(
            request, _("%(name)s is back on the list.") % {"name": entry.expert.user.full_name}
        )
    return _page(subject_type, object_id)


@role_required(is_programme_staff)
@require_POST
def shortlist_selection(request: HttpRequest, subject_type: str, object_id: int) -> HttpResponse:
    subject = _subject(subject_type, object_id)
    shortlist = _shortlist(subject)
    form = SelectionForm(request.POST, shortlist=shortlist)
    if form.is_valid():
        selected = shortlists.shortlist_select(
            shortlist=shortlist,
            entry_ids=[entry.pk for entry in form.cleaned_data["entries"]],
            actor=request.user,
        )
        messages.success(
            request,
            _("Selection saved: %(count)d expert(s) selected.") % {"count": len(selected)},
        )
    else:
        messages.error(request, _("The selection could not be saved. Reload the page and retry."))
    return _page(subject_type, object_id)
