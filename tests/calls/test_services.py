"""Calls, positions and applications through the services: each rule of the call."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from calls import services
from calls.models import MOTIVATION_MAX_LENGTH, Application, ApplicationStatus, CallStatus
from calls.tasks import calls_close_due_task
from experts.matching import criteria_for, score_experts, unmet_constraints
from experts.models import ShortlistSource
from experts.shortlists import shortlist_compute, shortlist_of
from missions.models import ExpertRole, MissionStatus
from notifications.models import Notification
from tests.factories import OfficerFactory, language, theme
from tests.factories.calls import ApplicationFactory, CallFactory, PositionFactory
from tests.factories.experts import DraftExpertFactory, UnavailablePeriodFactory
from tests.factories.missions import AcceptedInvitationFactory, MissionFactory

from .conftest import fitting_expert, unfit_expert

pytestmark = pytest.mark.django_db


def apply(position, expert, **kwargs):
    values = {
        "motivation": "I reformed the fund's benefit package.",
        "availability_confirmed": True,
    }
    values.update(kwargs)
    return services.application_submit(
        position=position, expert=expert, actor=expert.user, **values
    )


# --- Calls and positions ------------------------------------------------------------------------


def test_call_create_makes_a_draft_and_refuses_a_second_call():
    mission = MissionFactory(status=MissionStatus.RECRUITING)
    officer = OfficerFactory()
    deadline = timezone.now() + datetime.timedelta(days=5)
    call = services.call_create(mission=mission, actor=officer, deadline=deadline)
    assert call.status == CallStatus.DRAFT
    assert [record.action for record in audit_records_for(call)] == ["create"]
    with pytest.raises(ValidationError, match="has a call for experts already"):
        services.call_create(mission=mission, actor=officer, deadline=deadline)


def test_call_create_refuses_a_mission_that_no_longer_recruits():
    mission = MissionFactory(status=MissionStatus.STAFFED)
    with pytest.raises(ValidationError, match="no longer looking for experts"):
        services.call_create(mission=mission, actor=OfficerFactory(), deadline=timezone.now())


def test_position_add_refuses_dates_outside_the_mission():
    call = CallFactory()
    mission = call.mission
    fields = {
        "role": ExpertRole.LEAD,
        "theme": theme("pensions"),
        "expertise_sought": "Pension reform",
        "expert_days": 3,
        "places": 1,
        "start_date": mission.start_date - datetime.timedelta(days=1),
        "end_date": mission.end_date,
        "location": "Pristina",
    }
    with pytest.raises(ValidationError, match="must fall within the mission"):
        services.position_add(call=call, actor=call.created_by, fields=fields, languages=[])
    fields["start_date"] = mission.start_date
    position = services.position_add(
        call=call, actor=call.created_by, fields=fields, languages=[language("en")]
    )
    assert list(position.languages.all()) == [language("en")]


def test_positions_change_only_while_the_call_is_a_draft(position):
    with pytest.raises(ValidationError, match="only while the call is a draft"):
        services.position_remove(position=position, actor=position.call.created_by)


def test_publish_needs_a_position_and_a_deadline_ahead():
    call = CallFactory()
    with pytest.raises(TransitionNotAllowed, match="at least one position"):
        services.call_transition(call=call, name="publish", actor=call.created_by)
    PositionFactory(call=call)
    call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    with pytest.raises(TransitionNotAllowed, match="deadline to apply has passed"):
        services.call_transition(call=call, name="publish", actor=call.created_by)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_publish_tells_the_best_fitting_experts_only(django_capture_on_commit_callbacks):
    good = fitting_expert()
    poor = unfit_expert()
    call = CallFactory()
    PositionFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.call_transition(call=call, name="publish", actor=call.created_by)
    assert published.status == CallStatus.PUBLISHED and published.published_at
    told = Notification.objects.filter(event="call_fits_profile")
    assert [n.recipient for n in told] == [good.user]
    assert not told.filter(recipient=poor.user).exists()


def test_call_alert_is_bounded_and_sent_once(position, monkeypatch):
    experts = [fitting_expert() for _ in range(3)]
    monkeypatch.setattr(services, "ALERT_TOP_N", 2)
    assert services.call_alert(call=position.call) == 2
    assert services.call_alert(call=position.call) == 2  # a retry sends nothing new
    told = Notification.objects.filter(event="call_fits_profile")
    assert told.count() == 2
    assert {n.recipient for n in told} < {expert.user for expert in experts}


# --- Applying -----------------------------------------------------------------------------------


def test_apply_puts_the_expert_on_the_shortlist_as_an_application_scored_like_matching(position):
    expert = fitting_expert()
    application = apply(position, expert)
    assert application.status == ApplicationStatus.SUBMITTED
    mission = position.call.mission
    entry = shortlist_of(mission).entries.get(expert=expert)
    assert entry.source == ShortlistSource.APPLICATION
    criteria = criteria_for(mission)
    (match,) = score_experts(criteria, [expert.pk], unmet=unmet_constraints(criteria, [expert.pk]))
    assert entry.total_score == round(match.total, 4)
    assert entry.explanation == match.explanation
    assert "Applied as" in entry.note
    assert [record.action for record in audit_records_for(application)] == ["submit"]


def test_matching_again_keeps_the_application_beside_the_matched(position):
    expert = unfit_expert()
    matched = fitting_expert()
    apply(position, expert)
    shortlist = shortlist_of(position.call.mission)
    shortlist_compute(shortlist_id=shortlist.pk)
    sources = dict(shortlist.entries.values_list("expert_id", "source"))
    assert sources[expert.pk] == ShortlistSource.APPLICATION
    assert sources[matched.pk] == ShortlistSource.MATCHED


def test_apply_twice_is_refused_and_keeps_one_application(position):
    expert = fitting_expert()
    apply(position, expert)
    with pytest.raises(TransitionNotAllowed, match="already applied"):
        apply(position, expert)
    other = PositionFactory(call=position.call, role=ExpertRole.LEAD)
    with pytest.raises(TransitionNotAllowed, match="already applied"):
        apply(other, expert)
    assert Application.objects.filter(expert=expert).count() == 1


def test_apply_after_the_deadline_is_refused(position):
    position.call.deadline = timezone.now() - datetime.timedelta(seconds=1)
    position.call.save()
    with pytest.raises(TransitionNotAllowed, match=r"deadline to apply .* has passed"):
        apply(position, fitting_expert())
    assert not Application.objects.exists()


def test_apply_to_a_closed_call_is_refused(position):
    services.call_transition(call=position.call, name="close", actor=position.call.created_by)
    with pytest.raises(TransitionNotAllowed, match="call is closed"):
        apply(position, fitting_expert())


def test_apply_to_a_filled_position_is_refused(position):
    position.filled_at = timezone.now()
    position.save()
    with pytest.raises(TransitionNotAllowed, match="has been filled"):
        apply(position, fitting_expert())


def test_apply_when_unavailable_for_the_dates_is_refused(position):
    expert = fitting_expert()
    UnavailablePeriodFactory(expert=expert, start=position.start_date, end=position.start_date)
    with pytest.raises(TransitionNotAllowed, match="not available for the position's dates"):
        apply(position, expert)


def test_apply_when_busy_on_another_mission_is_refused(position):
    expert = fitting_expert()
    AcceptedInvitationFactory(
        expert=expert,
        mission=MissionFactory(
            status=MissionStatus.STAFFED,
            start_date=position.end_date,
            end_date=position.end_date + datetime.timedelta(days=3),
        ),
    )
    with pytest.raises(TransitionNotAllowed, match="already takes part"):
        apply(position, expert)


def test_apply_needs_an_approved_expert(position):
    with pytest.raises(TransitionNotAllowed, match="Only approved experts"):
        apply(position, DraftExpertFactory())


def test_apply_needs_confirmed_availability_and_a_bounded_motivation(position):
    expert = fitting_expert()
    with pytest.raises(TransitionNotAllowed, match="confirm that you are available"):
        apply(position, expert, availability_confirmed=False)
    with pytest.raises(TransitionNotAllowed, match="at most"):
        apply(position, expert, motivation="x" * (MOTIVATION_MAX_LENGTH + 1))
    assert not Application.objects.exists()


def test_withdraw_drops_the_shortlist_entry_and_is_refused_once_closed(position):
    expert = fitting_expert()
    application = apply(position, expert)
    withdrawn = services.application_withdraw(application=application, actor=expert.user)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert shortlist_of(position.call.mission).entries.get(expert=expert).dropped
    other = ApplicationFactory(position=position)
    services.call_transition(call=position.call, name="close", actor=position.call.created_by)
    with pytest.raises(TransitionNotAllowed, match="call is closed"):
        services.application_withdraw(application=other, actor=other.expert.user)


def test_another_expert_cannot_withdraw_an_application(position):
    application = ApplicationFactory(position=position)
    with pytest.raises(TransitionNotAllowed, match="may not"):
        services.application_withdraw(application=application, actor=fitting_expert().user)


# --- Following the invitations: filled positions, unsuccessful applicants ---------------------


def test_invited_then_accepted_applicant_fills_the_position_and_others_are_told(position):
    from missions import services as mission_services

    mission = position.call.mission
    mission.experts_needed = 2
    mission.save()
    chosen, other, invited_other = fitting_expert(), fitting_expert(), fitting_expert()
    for expert in (chosen, other, invited_other):
        apply(position, expert)
    entries = shortlist_of(mission).entries.filter(expert__in=[chosen, invited_other])
    invitations = mission_services.invitations_send(
        mission=mission,
        entries=entries,
        deadline=timezone.now() + datetime.timedelta(days=3),
        role=ExpertRole.EXPERT,
        actor=position.call.created_by,
    )
    statuses = dict(Application.objects.values_list("expert_id", "status"))
    assert statuses[chosen.pk] == statuses[invited_other.pk] == ApplicationStatus.INVITED
    accepted = next(i for i in invitations if i.expert_id == chosen.pk)
    mission_services.invitation_accept(invitation=accepted, actor=chosen.user)

    position.refresh_from_db()
    assert position.filled_at is not None
    statuses = dict(Application.objects.values_list("expert_id", "status"))
    assert statuses == {
        chosen.pk: ApplicationStatus.SELECTED,
        other.pk: ApplicationStatus.UNSUCCESSFUL,
        invited_other.pk: ApplicationStatus.UNSUCCESSFUL,
    }
    told = Notification.objects.filter(event="call_application_unsuccessful")
    # The invited one hears from the mission (invitation withdrawn), not twice.
    assert [n.recipient for n in told] == [other.user]
    assert "filled" in told.get().body


def test_close_due_closes_past_deadline_calls_once(position):
    position.call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    position.call.save()
    open_call = PositionFactory().call
    assert calls_close_due_task() == 1
    assert calls_close_due_task() == 0
    position.call.refresh_from_db()
    open_call.refresh_from_db()
    assert position.call.status == CallStatus.CLOSED and position.call.closed_at
    assert open_call.status == CallStatus.PUBLISHED


def test_close_due_closes_the_call_of_a_mission_that_stopped_recruiting(position):
    mission = position.call.mission
    mission.status = MissionStatus.CANCELLED
    mission.save()
    assert calls_close_due_task() == 1


# --- A cancelled mission: its pending applications end, applicants told once --------------------


def _cancel(mission):
    from missions import services as mission_services

    return mission_services.mission_transition(
        mission=mission, name="cancel", actor=OfficerFactory(), comment="Budget withdrawn."
    )


def test_cancelling_the_mission_ends_its_applications_and_tells_the_applicants_once(position):
    from missions import services as mission_services

    mission = position.call.mission
    waiting, invited, gone = fitting_expert(), fitting_expert(), fitting_expert()
    for expert in (waiting, invited, gone):
        apply(position, expert)
    services.application_withdraw(application=Application.objects.get(expert=gone), actor=gone.user)
    mission_services.invitations_send(
        mission=mission,
        entries=shortlist_of(mission).entries.filter(expert=invited),
        deadline=timezone.now() + datetime.timedelta(days=3),
        role=ExpertRole.EXPERT,
        actor=position.call.created_by,
    )

    _cancel(mission)

    position.call.refresh_from_db()
    assert position.call.status == CallStatus.CLOSED and position.call.closed_at
    statuses = dict(Application.objects.values_list("expert_id", "status"))
    assert statuses == {
        waiting.pk: ApplicationStatus.CANCELLED,
        invited.pk: ApplicationStatus.CANCELLED,
        gone.pk: ApplicationStatus.WITHDRAWN,
    }
    told = Notification.objects.filter(event="call_mission_cancelled")
    # The invited one hears from the mission (invitation withdrawn), not twice.
    assert [n.recipient for n in told] == [waiting.user]
    assert "cancelled" in told.get().body and "Thank you" in told.get().body
    application = Application.objects.get(expert=waiting)
    assert application.decided_at is not None
    assert [r.action for r in audit_records_for(application)] == ["submit", "cancel"]

    # The signal or the sweep running again changes nothing and tells nobody twice.
    services.call_end_for_cancelled_mission(mission=mission)
    calls_close_due_task()
    assert told.count() == 1
    assert [r.action for r in audit_records_for(application)] == ["submit", "cancel"]


def test_the_sweep_ends_the_applications_of_a_cancelled_mission_once(position):
    """A mission cancelled without the signal (an older cancellation): the beat task ends them."""
    expert = fitting_expert()
    apply(position, expert)
    mission = position.call.mission
    mission.status = MissionStatus.CANCELLED
    mission.save()

    assert calls_close_due_task() == 1
    assert calls_close_due_task() == 0

    assert Application.objects.get().status == ApplicationStatus.CANCELLED
    told = Notification.objects.filter(event="call_mission_cancelled")
    assert [n.recipient for n in told] == [expert.user]


def test_cancel_is_refused_while_the_mission_goes_on(position):
    from calls.transitions import APPLICATION_MACHINE

    application = apply(position, fitting_expert())
    with pytest.raises(TransitionNotAllowed, match="not cancelled"):
        APPLICATION_MACHINE.apply(application, "cancel", actor=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_selected_applicant_keeps_the_selection_when_the_mission_is_cancelled(position):
    application = ApplicationFactory(position=position, status=ApplicationStatus.SELECTED)
    _cancel(position.call.mission)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    assert not Notification.objects.filter(event="call_mission_cancelled").exists()


# --- Applying again after a withdrawal ------------------------------------------------------------


def test_an_expert_who_withdrew_may_apply_again_but_not_twice(position):
    expert = fitting_expert()
    first = apply(position, expert)
    services.application_withdraw(application=first, actor=expert.user)
    other = PositionFactory(call=position.call, role=ExpertRole.LEAD)

    again = apply(other, expert, motivation="I can lead the team after all.")

    assert again.pk != first.pk and again.status == ApplicationStatus.SUBMITTED
    entry = shortlist_of(position.call.mission).entries.get(expert=expert)
    assert not entry.dropped and entry.source == ShortlistSource.APPLICATION
    with pytest.raises(TransitionNotAllowed, match="already applied"):
        apply(position, expert)
    statuses = sorted(Application.objects.filter(expert=expert).values_list("status", flat=True))
    assert statuses == [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN]


def test_the_database_refuses_a_second_live_application():
    from django.db import IntegrityError, transaction

    application = ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(
            call=application.call, position=application.position, expert=application.expert
        )
    ApplicationFactory(
        call=application.call,
        position=application.position,
        expert=application.expert,
        status=ApplicationStatus.WITHDRAWN,
    )
    assert Application.objects.filter(expert=application.expert).count() == 2


def test_an_application_after_a_withdrawal_follows_the_invitations(position):
    from missions import services as mission_services

    mission = position.call.mission
    expert = fitting_expert()
    services.application_withdraw(application=apply(position, expert), actor=expert.user)
    again = apply(position, expert)
    mission_services.invitations_send(
        mission=mission,
        entries=shortlist_of(mission).entries.filter(expert=expert),
        deadline=timezone.now() + datetime.timedelta(days=3),
        role=ExpertRole.EXPERT,
        actor=position.call.created_by,
    )
    again.refresh_from_db()
    assert again.status == ApplicationStatus.INVITED
