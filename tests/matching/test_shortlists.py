"""The shortlist snapshot: computed on acceptance and on demand, replaced on each run, with
staff's additions, drops and selection kept."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation.models import RequestStatus
from cooperation.transitions import request_transition
from experts.matching import CRITERIA, WEIGHTS, criteria_for
from experts.models import RosterStatus, Shortlist, ShortlistSource, ShortlistStatus
from experts.shortlists import (
    shortlist_compute,
    shortlist_entry_add,
    shortlist_entry_drop,
    shortlist_entry_restore,
    shortlist_of,
    shortlist_refresh,
    shortlist_select,
    shortlists_requeue_stale,
)
from tests.factories import MissionFactory, OfficerFactory, language, theme

from .builders import expert_with, request_for


def entry_experts(shortlist: Shortlist) -> list[int]:
    return list(shortlist.entries.order_by("rank").values_list("expert_id", flat=True))


@pytest.fixture
def refresh(django_capture_on_commit_callbacks):
    """``refresh(subject)``: queue matching and run what is queued on commit (the task)."""

    def run(subject, **kwargs) -> Shortlist:
        with django_capture_on_commit_callbacks(execute=True):
            shortlist = shortlist_refresh(subject=subject, **kwargs)
        shortlist.refresh_from_db()
        return shortlist

    return run


def test_accepting_a_request_stores_its_shortlist(db, django_capture_on_commit_callbacks):
    best = expert_with(themes={"child-protection": 16}, countries=["ME"])
    second = expert_with(themes={"child-protection": 2})
    request = request_for(themes=["child-protection"], status=RequestStatus.IN_REVIEW)
    officer = OfficerFactory()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        request_transition(request, "accept", actor=officer)

    assert len(queued) == 1
    shortlist = shortlist_of(request)
    assert shortlist.status == ShortlistStatus.DONE
    assert shortlist.requested_by == officer
    assert entry_experts(shortlist) == [best.pk, second.pk]
    assert shortlist.roster_size == 2
    assert shortlist.weights == WEIGHTS
    assert shortlist.computed_at is not None


def test_refused_acceptance_stores_no_shortlist(db, django_capture_on_commit_callbacks):
    expert_with()
    request = request_for(status=RequestStatus.SUBMITTED)

    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(TransitionNotAllowed),
    ):
        request_transition(request, "accept", actor=OfficerFactory())

    assert queued == []
    assert shortlist_of(request) is None


def test_snapshot_keeps_scores_and_explanations(db, refresh):
    expert = expert_with(themes={"pensions": 12}, languages={"en": 6})
    request = request_for(themes=["pensions"])

    entry = refresh(request).entries.get()

    assert entry.expert_id == expert.pk
    assert entry.rank == 1
    assert entry.source == ShortlistSource.MATCHED
    assert sorted(entry.scores) == sorted(CRITERIA)
    assert entry.scores["theme"] == 0.9062
    assert entry.explanation.startswith("Pensions: exact sub-area, 12 years; English C2")


def test_running_again_replaces_the_snapshot(db, refresh):
    first = expert_with(themes={"pensions": 3})
    request = request_for(themes=["pensions"])
    refresh(request)
    first.roster_status = RosterStatus.SUSPENDED
    first.save()
    second = expert_with(themes={"pensions": 3})

    refresh(request)
    refresh(request)

    shortlist = Shortlist.objects.get()
    assert entry_experts(shortlist) == [second.pk]


def test_running_again_keeps_staff_decisions(db, refresh):
    officer = OfficerFactory()
    dropped = expert_with(themes={"pensions": 16})
    selected = expert_with(themes={"pensions": 10})
    plain = expert_with(themes={"pensions": 5})
    request = request_for(themes=["pensions"])
    shortlist = refresh(request)
    added = expert_with(name="Added By Hand", roster_status=RosterStatus.APPLIED)
    shortlist_entry_add(shortlist=shortlist, expert=added, note="Knows the ministry", actor=officer)
    shortlist_entry_drop(
        entry=shortlist.entries.get(expert=dropped), note="Conflict of agenda", actor=officer
    )
    shortlist_select(
        shortlist=shortlist, entry_ids=[shortlist.entries.get(expert=selected).pk], actor=officer
    )
    selected.themes.all().delete()  # no longer a match, but staff selected them

    refresh(request)

    entries = {entry.expert_id: entry for entry in shortlist.entries.all()}
    assert set(entries) == {dropped.pk, selected.pk, plain.pk, added.pk}
    assert (entries[dropped.pk].dropped, entries[dropped.pk].note) == (True, "Conflict of agenda")
    assert entries[selected.pk].selected is True
    assert entries[added.pk].source == ShortlistSource.ADDED
    assert entries[added.pk].explanation.endswith("does not meet: not an approved expert")
    assert [entries[pk].rank for pk in (dropped.pk, plain.pk)] == [1, 2]


def test_compute_skips_a_shortlist_that_is_gone(db):
    assert shortlist_compute(shortlist_id=404) is None


def test_compute_fails_when_the_subject_is_gone(db, refresh):
    request = request_for()
    shortlist = refresh(request)
    Shortlist.objects.filter(pk=shortlist.pk).update(object_id=10**9)

    failed = shortlist_compute(shortlist_id=shortlist.pk)

    assert failed.status == ShortlistStatus.FAILED
    assert "gone" in failed.error


def test_adding_a_candidate_scores_explains_and_audits(db, refresh):
    officer = OfficerFactory()
    request = request_for(themes=["pensions"])
    shortlist = refresh(request)
    expert = expert_with(themes={"pensions": 16})

    entry = shortlist_entry_add(
        shortlist=shortlist, expert=expert, note="Recommended by the ministry", actor=officer
    )

    assert (entry.source, entry.rank, entry.changed_by) == (ShortlistSource.ADDED, 1, officer)
    assert entry.scores["theme"] == 1.0
    record = AuditRecord.objects.get(action="shortlist_add")
    assert record.target == request
    assert (record.actor, record.comment) == (officer, "Recommended by the ministry")
    assert record.data == {"shortlist": shortlist.pk, "experts": [expert.pk]}


def test_dropping_and_restoring_keep_the_reason(db, refresh):
    officer = OfficerFactory()
    expert_with()
    shortlist = refresh(request_for())
    entry = shortlist.entries.get()
    shortlist_select(shortlist=shortlist, entry_ids=[entry.pk], actor=officer)

    shortlist_entry_drop(entry=entry, note="Not available after all", actor=officer)
    entry.refresh_from_db()
    assert (entry.dropped, entry.selected, entry.note) == (True, False, "Not available after all")

    shortlist_entry_restore(entry=entry, note="Available again", actor=officer)
    entry.refresh_from_db()
    assert (entry.dropped, entry.note) == (False, "Available again")
    assert list(AuditRecord.objects.order_by("pk").values_list("action", flat=True)) == [
        "shortlist_select",
        "shortlist_drop",
        "shortlist_restore",
    ]


def test_selection_is_exactly_the_chosen_candidates_not_dropped(db, refresh):
    officer = OfficerFactory()
    experts = [expert_with() for _ in range(3)]
    shortlist = refresh(request_for())
    first, second, third = (shortlist.entries.get(expert=expert) for expert in experts)
    shortlist_select(shortlist=shortlist, entry_ids=[first.pk, second.pk], actor=officer)
    shortlist_entry_drop(entry=third, note="No", actor=officer)

    selected = shortlist_select(shortlist=shortlist, entry_ids=[second.pk, third.pk], actor=officer)

    assert selected == [experts[1].pk]


def test_a_mission_is_matched_on_its_own_requirements(db, refresh):
    mission = MissionFactory(
        start_date=datetime.date(2027, 5, 3), end_date=datetime.date(2027, 5, 7), country=None
    )
    mission.themes.set([theme("labour-inspection")])
    mission.languages.set([language("sq")])
    inspector = expert_with(themes={"labour-inspection": 9}, languages={"sq": 5})
    expert_with(themes={"labour-inspection": 9}, languages={"en": 7})

    shortlist = refresh(mission)

    criteria = criteria_for(mission)
    assert criteria.country_code == mission.action.institutions.get().country_id
    assert (criteria.start, criteria.end) == (mission.start_date, mission.end_date)
    assert shortlist.content_type == ContentType.objects.get_for_model(mission)
    assert entry_experts(shortlist) == [inspector.pk]


def test_the_sweep_matches_again_a_shortlist_whose_task_was_lost(
    db, django_capture_on_commit_callbacks
):
    expert = expert_with(themes={"child-protection": 5})
    request = request_for(themes=["child-protection"], status=RequestStatus.ACCEPTED)
    lost = shortlist_refresh(subject=request)  # queued, but the task never runs
    Shortlist.objects.filter(pk=lost.pk).update(
        status=ShortlistStatus.RUNNING,
        requested_at=timezone.now() - datetime.timedelta(minutes=10),
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = shortlists_requeue_stale(older_than=datetime.timedelta(minutes=5))

    lost.refresh_from_db()
    assert queued == 1
    assert lost.status == ShortlistStatus.DONE
    assert entry_experts(lost) == [expert.pk]


def test_the_sweep_leaves_recent_and_finished_shortlists_alone(
    db, refresh, django_capture_on_commit_callbacks
):
    expert_with(themes={"child-protection": 5})
    done = refresh(request_for(themes=["child-protection"], status=RequestStatus.ACCEPTED))
    recent = shortlist_refresh(
        subject=request_for(themes=["child-protection"], status=RequestStatus.ACCEPTED)
    )
    Shortlist.objects.filter(pk=done.pk).update(
        requested_at=timezone.now() - datetime.timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = shortlists_requeue_stale(older_than=datetime.timedelta(minutes=5))

    assert queued == 0
    assert callbacks == []
    recent.refresh_from_db()
    assert recent.status == ShortlistStatus.PENDING
