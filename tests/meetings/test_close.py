"""Closing a meeting applies its proposed decisions together, through the request state machine."""

import pytest
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditRecord
from audit.statemachine import TransitionNotAllowed
from cooperation import services_staff
from cooperation.models import RejectionReason, Request, RequestStatus
from cooperation.transitions import ACCEPTANCE_CHECKS
from meetings import services
from meetings.models import Meeting, MeetingStatus, Outcome
from notifications.models import Notification
from tests.factories import OfficerFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _request_records(request: Request) -> list[tuple[str, str, str]]:
    return list(
        AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Request), object_id=str(request.pk)
        )
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def _item(meeting, decision: str, **fields):
    return AgendaItemFactory(meeting=meeting, proposed_decision=decision, **fields)


def test_closing_applies_the_decisions_together_and_audits_each():
    meeting = MeetingFactory()
    officer = OfficerFactory()
    accepted = _item(meeting, "accept", note="A clear fit.")
    rejected = _item(meeting, "reject", rejection_reason=RejectionReason.OVERLAP)
    asked = _item(meeting, "request_info", note="Which municipalities take part?")
    changed = _item(meeting, "accept")
    # Someone puts the last request on hold after it went on the agenda.
    services_staff.request_triage(
        request=changed.request, transition="put_on_hold", actor=OfficerFactory()
    )
    AuditRecord.objects.all().delete()

    summary = services.meeting_close(meeting=meeting, actor=officer)

    assert (summary.applied, summary.skipped) == (3, 1)
    statuses = {
        item.pk: Request.objects.get(pk=item.request_id).status
        for item in (accepted, rejected, asked, changed)
    }
    assert statuses == {
        accepted.pk: RequestStatus.ACCEPTED,
        rejected.pk: RequestStatus.REJECTED,
        asked.pk: RequestStatus.INFO_REQUESTED,
        changed.pk: RequestStatus.ON_HOLD,
    }
    assert _request_records(accepted.request) == [("accept", "in_review", "accepted")]
    assert _request_records(rejected.request) == [("reject", "in_review", "rejected")]
    assert _request_records(asked.request) == [("request_info", "in_review", "info_requested")]
    assert _request_records(changed.request) == []
    meeting_record = AuditRecord.objects.get(
        content_type=ContentType.objects.get_for_model(Meeting), object_id=str(meeting.pk)
    )
    assert (meeting_record.action, meeting_record.to_state, meeting_record.actor) == (
        "close",
        MeetingStatus.CLOSED,
        officer,
    )
    assert meeting_record.data == {"applied": 3, "skipped": 1}
    outcomes = {item.pk: (item.outcome, item.applied_status) for item in meeting.items.all()}
    assert outcomes == {
        accepted.pk: (Outcome.APPLIED, RequestStatus.ACCEPTED),
        rejected.pk: (Outcome.APPLIED, RequestStatus.REJECTED),
        asked.pk: (Outcome.APPLIED, RequestStatus.INFO_REQUESTED),
        changed.pk: (Outcome.SKIPPED, ""),
    }
    changed.refresh_from_db()
    assert "it was “In review”, it is now “On hold”" in changed.outcome_reason
    # Each decision sent the partner what it normally sends.
    sent = sorted(
        Notification.objects.filter(
            event__in=("request_decided", "information_requested")
        ).values_list("recipient", "event")
    )
    assert sent == sorted(
        [
            (accepted.request.submitted_by_id, "request_decided"),
            (rejected.request.submitted_by_id, "request_decided"),
            (asked.request.submitted_by_id, "information_requested"),
        ]
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.closed_by) == (MeetingStatus.CLOSED, officer)


def test_a_refused_transition_is_skipped_with_its_reason(monkeypatch):
    meeting = MeetingFactory()
    objected = _item(meeting, "accept")
    other = _item(meeting, "accept")
    monkeypatch.setattr(
        "cooperation.transitions.ACCEPTANCE_CHECKS",
        [
            *ACCEPTANCE_CHECKS,
            lambda r: "The EU Delegation objects." if r == objected.request else None,
        ],
    )

    summary = services.meeting_close(meeting=meeting, actor=OfficerFactory())

    assert (summary.applied, summary.skipped) == (1, 1)
    objected.refresh_from_db()
    assert (objected.outcome, objected.outcome_reason) == (
        Outcome.SKIPPED,
        "The EU Delegation objects.",
    )
    assert Request.objects.get(pk=objected.request_id).status == RequestStatus.IN_REVIEW
    assert Request.objects.get(pk=other.request_id).status == RequestStatus.ACCEPTED


def test_an_item_without_a_proposal_is_skipped_and_left_alone():
    meeting = MeetingFactory()
    decided = _item(meeting, "put_on_hold")
    undecided = _item(meeting, "")

    services.meeting_close(meeting=meeting, actor=OfficerFactory())

    undecided.refresh_from_db()
    assert (undecided.outcome, undecided.outcome_reason) == (
        Outcome.SKIPPED,
        "No decision was proposed.",
    )
    assert Request.objects.get(pk=undecided.request_id).status == RequestStatus.IN_REVIEW
    assert Request.objects.get(pk=decided.request_id).status == RequestStatus.ON_HOLD


def test_a_meeting_closes_once():
    meeting = MeetingFactory()
    item = _item(meeting, "put_on_hold")
    officer = OfficerFactory()
    services.meeting_close(meeting=meeting, actor=officer)

    with pytest.raises(TransitionNotAllowed, match="Closed"):
        services.meeting_close(meeting=meeting, actor=officer)

    assert _request_records(item.request) == [("put_on_hold", "in_review", "on_hold")]
    assert AuditRecord.objects.filter(action="close").count() == 1


def test_a_meeting_without_any_proposal_does_not_close():
    meeting = MeetingFactory()
    _item(meeting, "")

    with pytest.raises(TransitionNotAllowed, match="Propose a decision"):
        services.meeting_close(meeting=meeting, actor=OfficerFactory())

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
