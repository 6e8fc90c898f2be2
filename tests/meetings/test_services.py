"""The rules of meetings: dates, agenda, scores, proposed decisions, closed meetings."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation.models import RejectionReason, RequestStatus
from meetings import services
from meetings.models import AgendaItem, MeetingStatus, Score
from meetings.services import ScoreInput
from meetings.transitions import proposable_decisions
from tests.factories import OfficerFactory, RequestFactory, SubmittedRequestFactory
from tests.factories.cooperation import InReviewRequestFactory
from tests.factories.meetings import AgendaItemFactory, CriterionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_create_refuses_a_date_in_the_past():
    officer = OfficerFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(TransitionNotAllowed, match="past"):
        services.meeting_create(actor=officer, title="Weekly", meeting_date=yesterday)


def test_meeting_create_records_who_planned_it():
    officer = OfficerFactory()

    meeting = services.meeting_create(
        actor=officer, title=" Weekly planning ", meeting_date=timezone.localdate()
    )

    assert (meeting.title, meeting.status) == ("Weekly planning", MeetingStatus.PLANNED)
    record = AuditRecord.objects.get(object_id=str(meeting.pk), action="create")
    assert record.actor == officer


def test_agenda_add_records_the_status_seen():
    meeting = MeetingFactory()
    submitted = SubmittedRequestFactory()
    in_review = InReviewRequestFactory()

    items = services.agenda_add(
        meeting=meeting, requests=[submitted, in_review], actor=meeting.created_by
    )

    assert [(i.request, i.status_seen, i.position) for i in items] == [
        (submitted, RequestStatus.SUBMITTED, 1),
        (in_review, RequestStatus.IN_REVIEW, 2),
    ]


def test_agenda_add_puts_new_requests_after_the_last_even_once_one_was_taken_off():
    meeting = MeetingFactory()
    first, second = services.agenda_add(
        meeting=meeting,
        requests=[SubmittedRequestFactory(), SubmittedRequestFactory()],
        actor=meeting.created_by,
    )
    services.agenda_remove(item=first, actor=meeting.created_by)

    (third,) = services.agenda_add(
        meeting=meeting, requests=[SubmittedRequestFactory()], actor=meeting.created_by
    )

    assert (second.position, third.position) == (2, 3)


def test_agenda_add_refuses_the_same_request_twice():
    item = AgendaItemFactory()

    with pytest.raises(TransitionNotAllowed, match="already on this meeting"):
        services.agenda_add(meeting=item.meeting, requests=[item.request], actor=item.added_by)
    assert AgendaItem.objects.count() == 1


def test_agenda_add_refuses_a_request_that_is_not_open():
    meeting = MeetingFactory()
    draft = RequestFactory()
    accepted = SubmittedRequestFactory(status=RequestStatus.ACCEPTED)

    for request in (draft, accepted):
        with pytest.raises(TransitionNotAllowed, match="only open requests"):
            services.agenda_add(meeting=meeting, requests=[request], actor=meeting.created_by)
    assert AgendaItem.objects.count() == 0


def test_a_closed_meeting_cannot_change():
    item = AgendaItemFactory(meeting__status=MeetingStatus.CLOSED)
    criterion = CriterionFactory()

    with pytest.raises(TransitionNotAllowed, match="closed"):
        services.agenda_add(
            meeting=item.meeting, requests=[InReviewRequestFactory()], actor=item.added_by
        )
    with pytest.raises(TransitionNotAllowed, match="closed"):
        services.item_assess(
            item=item, actor=item.added_by, scores=[ScoreInput(criterion, 3)], decision="accept"
        )
    with pytest.raises(TransitionNotAllowed, match="closed"):
        services.agenda_remove(item=item, actor=item.added_by)
    item.refresh_from_db()
    assert (item.proposed_decision, Score.objects.count()) == ("", 0)


def test_item_assess_saves_scores_and_the_proposed_decision():
    item = AgendaItemFactory()
    relevance, feasibility = CriterionFactory(), CriterionFactory()

    services.item_assess(
        item=item,
        actor=item.added_by,
        scores=[ScoreInput(relevance, 5, "Strong fit"), ScoreInput(feasibility, 3)],
        decision="accept",
        note="Go ahead.",
    )
    services.item_assess(
        item=item,
        actor=item.added_by,
        scores=[ScoreInput(relevance, 4), ScoreInput(feasibility, None)],
        decision="accept",
    )

    item.refresh_from_db()
    assert list(item.scores.values_list("criterion", "value")) == [(relevance.pk, 4)]
    assert (item.proposed_decision, item.note) == ("accept", "")


@pytest.mark.parametrize("value", [0, 6, -1])
def test_item_assess_refuses_a_score_out_of_range(value):
    item = AgendaItemFactory()

    with pytest.raises(TransitionNotAllowed, match="between 1 and 5"):
        services.item_assess(
            item=item, actor=item.added_by, scores=[ScoreInput(CriterionFactory(), value)]
        )
    assert Score.objects.count() == 0


def test_item_assess_refuses_an_inactive_criterion():
    item = AgendaItemFactory()

    with pytest.raises(TransitionNotAllowed, match="no longer used"):
        services.item_assess(
            item=item,
            actor=item.added_by,
            scores=[ScoreInput(CriterionFactory(is_active=False), 3)],
        )


def test_item_assess_refuses_a_decision_not_possible_from_the_status_seen():
    item = AgendaItemFactory(request=SubmittedRequestFactory(), status_seen=RequestStatus.SUBMITTED)

    with pytest.raises(TransitionNotAllowed, match="not possible"):
        services.item_assess(item=item, actor=item.added_by, scores=[], decision="accept")
    item.refresh_from_db()
    assert item.proposed_decision == ""


def test_the_proposable_decisions_are_the_staff_transitions_from_the_status():
    names = {status: [t.name for t in proposable_decisions(status)] for status in RequestStatus}

    assert names[RequestStatus.SUBMITTED] == ["start_review", "put_on_hold", "reject"]
    assert names[RequestStatus.IN_REVIEW] == ["request_info", "put_on_hold", "accept", "reject"]
    assert names[RequestStatus.ACCEPTED] == []
    assert names[RequestStatus.DRAFT] == []


def test_item_assess_needs_a_reason_to_reject_and_questions_to_ask():
    item = AgendaItemFactory()

    with pytest.raises(TransitionNotAllowed, match="reason"):
        services.item_assess(item=item, actor=item.added_by, scores=[], decision="reject")
    with pytest.raises(TransitionNotAllowed, match="Explain"):
        services.item_assess(
            item=item,
            actor=item.added_by,
            scores=[],
            decision="reject",
            reason=RejectionReason.OTHER,
        )
    with pytest.raises(TransitionNotAllowed, match="questions"):
        services.item_assess(item=item, actor=item.added_by, scores=[], decision="request_info")


def test_criterion_edits_are_audited():
    manager = OfficerFactory(role="manager")
    criterion = services.criterion_create(actor=manager, name=" Ownership ", order=2)

    services.criterion_update(criterion=criterion, actor=manager, is_active=False, order=2)

    criterion.refresh_from_db()
    assert (criterion.name, criterion.is_active) == ("Ownership", False)
    records = AuditRecord.objects.filter(object_id=str(criterion.pk)).order_by("pk")
    assert [(r.action, r.data.get("fields")) for r in records] == [
        ("criterion_created", None),
        ("criterion_updated", ["is_active"]),
    ]
