"""Every transition of the request and action machines from every status: the allowed ones move
the status and leave an audit record; the others are refused and change nothing."""

import itertools

import pytest
from django.utils import timezone

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from cooperation.models import ActionStatus, RequestStatus
from cooperation.transitions import ACTION_MACHINE, REQUEST_MACHINE, request_transition
from tests.factories import (
    ActionFactory,
    InstitutionFactory,
    MembershipFactory,
    OfficerFactory,
    RequestFactory,
    country,
    language,
    theme,
)

pytestmark = pytest.mark.django_db

R = RequestStatus
A = ActionStatus

# The request lifecycle as the programme describes it: (transition, from) → to.
REQUEST_ALLOWED = {
    ("submit", R.DRAFT): R.SUBMITTED,
    ("start_review", R.SUBMITTED): R.IN_REVIEW,
    ("request_info", R.IN_REVIEW): R.INFO_REQUESTED,
    ("resubmit", R.INFO_REQUESTED): R.IN_REVIEW,
    ("put_on_hold", R.SUBMITTED): R.ON_HOLD,
    ("put_on_hold", R.IN_REVIEW): R.ON_HOLD,
    ("resume_review", R.ON_HOLD): R.IN_REVIEW,
    ("accept", R.IN_REVIEW): R.ACCEPTED,
    ("reject", R.SUBMITTED): R.REJECTED,
    ("reject", R.IN_REVIEW): R.REJECTED,
    ("reject", R.INFO_REQUESTED): R.REJECTED,
    ("reject", R.ON_HOLD): R.REJECTED,
    ("withdraw", R.SUBMITTED): R.WITHDRAWN,
    ("withdraw", R.IN_REVIEW): R.WITHDRAWN,
    ("withdraw", R.INFO_REQUESTED): R.WITHDRAWN,
    ("withdraw", R.ON_HOLD): R.WITHDRAWN,
}
PARTNER_TRANSITIONS = {"submit", "resubmit", "withdraw"}

ACTION_ALLOWED = {
    ("start", A.PLANNED): A.IN_PROGRESS,
    ("put_on_hold", A.PLANNED): A.ON_HOLD,
    ("put_on_hold", A.IN_PROGRESS): A.ON_HOLD,
    ("resume", A.ON_HOLD): A.IN_PROGRESS,
    ("complete", A.IN_PROGRESS): A.COMPLETED,
    ("close", A.COMPLETED): A.CLOSED,
    ("cancel", A.PLANNED): A.CANCELLED,
    ("cancel", A.IN_PROGRESS): A.CANCELLED,
    ("cancel", A.ON_HOLD): A.CANCELLED,
}

REFERENCE_NUMBERS = itertools.count(9000)
REQUEST_CASES = [(name, state) for name in REQUEST_MACHINE.transitions for state in R.values]
ACTION_CASES = [(name, state) for name in ACTION_MACHINE.transitions for state in A.values]


def complete_request(status: str, **fields):
    submitted = status != R.DRAFT
    request = RequestFactory(
        status=status,
        reference=f"REQ-2026-{next(REFERENCE_NUMBERS)}" if submitted else None,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
    request.themes.set([theme("child-protection")])
    request.languages.set([language("en")])
    return request


def actor_for(name: str, request):
    if name in PARTNER_TRANSITIONS:
        return MembershipFactory(institution=request.lead_institution).user
    return OfficerFactory()


def test_request_machine_table_matches_the_lifecycle():
    table = {
        (name, source): transition.target
        for name, transition in REQUEST_MACHINE.transitions.items()
        for source in transition.sources
    }

    assert table == REQUEST_ALLOWED


def test_action_machine_table_matches_the_lifecycle():
    table = {
        (name, source): transition.target
        for name, transition in ACTION_MACHINE.transitions.items()
        for source in transition.sources
    }

    assert table == ACTION_ALLOWED


@pytest.mark.parametrize(("name", "state"), REQUEST_CASES)
def test_request_transition_from_every_status(name, state):
    request = complete_request(state)
    actor = actor_for(name, request)

    if (name, state) in REQUEST_ALLOWED:
        updated = request_transition(request, name, actor=actor, comment="Noted.")

        request.refresh_from_db()
        record = audit_records_for(request).last()
        assert request.status == REQUEST_ALLOWED[(name, state)]
        assert updated.status == request.status
        assert (record.action, record.from_state, record.to_state) == (name, state, request.status)
        assert (record.actor, record.comment) == (actor, "Noted.")
    else:
        with pytest.raises(TransitionNotAllowed) as refusal:
            request_transition(request, name, actor=actor)

        request.refresh_from_db()
        assert request.status == state
        assert audit_records_for(request).count() == 0
        assert REQUEST_MACHINE.state_label(state) in refusal.value.message


@pytest.mark.parametrize(("name", "state"), ACTION_CASES)
def test_action_transition_from_every_status(name, state):
    action = ActionFactory(status=state)
    officer = OfficerFactory()

    if (name, state) in ACTION_ALLOWED:
        ACTION_MACHINE.apply(action, name, actor=officer, comment="Agreed with the partner.")

        action.refresh_from_db()
        record = audit_records_for(action).last()
        assert action.status == ACTION_ALLOWED[(name, state)]
        assert (record.action, record.from_state, record.to_state) == (name, state, action.status)
        assert record.actor == officer
    else:
        with pytest.raises(TransitionNotAllowed):
            ACTION_MACHINE.apply(action, name, actor=officer)

        action.refresh_from_db()
        assert action.status == state
        assert audit_records_for(action).count() == 0


@pytest.mark.parametrize(
    "name", sorted({name for name, _state in REQUEST_ALLOWED} - PARTNER_TRANSITIONS)
)
def test_request_staff_transition_refused_to_partner(name):
    state = next(source for (n, source) in REQUEST_ALLOWED if n == name)
    request = complete_request(state)
    partner = MembershipFactory(institution=request.lead_institution).user

    with pytest.raises(TransitionNotAllowed):
        request_transition(request, name, actor=partner)

    request.refresh_from_db()
    assert request.status == state


@pytest.mark.parametrize("name", sorted(PARTNER_TRANSITIONS))
def test_request_partner_transition_refused_to_staff_and_other_institutions(name):
    state = next(source for (n, source) in REQUEST_ALLOWED if n == name)
    request = complete_request(state)
    outsider = MembershipFactory(institution=InstitutionFactory()).user

    for actor in (OfficerFactory(), outsider):
        with pytest.raises(TransitionNotAllowed):
            request_transition(request, name, actor=actor)

    request.refresh_from_db()
    assert request.status == state


def test_request_accept_refused_for_a_non_eligible_country():
    request = complete_request(
        R.IN_REVIEW, lead_institution=InstitutionFactory(country=country("TM"))
    )

    with pytest.raises(TransitionNotAllowed) as refusal:
        request_transition(request, "accept", actor=OfficerFactory())

    request.refresh_from_db()
    assert request.status == R.IN_REVIEW
    assert "Turkmenistan is not an eligible partner country" in refusal.value.message


def test_request_second_decision_on_a_stale_copy_is_refused():
    request = complete_request(R.IN_REVIEW)
    stale_copy = type(request).objects.get(pk=request.pk)
    request_transition(request, "accept", actor=OfficerFactory())

    with pytest.raises(TransitionNotAllowed) as refusal:
        request_transition(stale_copy, "reject", actor=OfficerFactory())

    request.refresh_from_db()
    assert request.status == R.ACCEPTED
    assert "Accepted" in refusal.value.message


def test_action_transition_refused_to_partner():
    action = ActionFactory(status=A.PLANNED)
    partner = MembershipFactory(institution=action.institutions.get()).user

    with pytest.raises(TransitionNotAllowed):
        ACTION_MACHINE.apply(action, "start", actor=partner)

    action.refresh_from_db()
    assert action.status == A.PLANNED
