"""The call and application state machines: who may take which transition, from where."""

import pytest

from audit.statemachine import TransitionNotAllowed
from calls.models import ApplicationStatus, CallStatus
from calls.transitions import APPLICATION_MACHINE, CALL_MACHINE
from tests.factories import ExpertFactory, OfficerFactory
from tests.factories.calls import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_a_draft_call_cannot_be_closed_and_a_closed_one_not_published():
    call = CallFactory()
    with pytest.raises(TransitionNotAllowed, match="not possible while the status is"):
        CALL_MACHINE.apply(call, "close", actor=OfficerFactory())
    call.status = CallStatus.CLOSED
    call.save()
    with pytest.raises(TransitionNotAllowed, match="not possible while the status is"):
        CALL_MACHINE.apply(call, "publish", actor=OfficerFactory())


def test_experts_cannot_publish_or_close_calls():
    call = CallFactory(status=CallStatus.PUBLISHED)
    expert = ExpertFactory()
    assert not CALL_MACHINE.can(call, "close", expert.user)
    assert CALL_MACHINE.can(call, "close", OfficerFactory())
    assert CALL_MACHINE.can(call, "close", None)  # the deadline task


def test_application_outcomes_belong_to_the_portal_not_to_people():
    application = ApplicationFactory()
    officer = OfficerFactory()
    for name in ("invite", "select", "reject"):
        assert not APPLICATION_MACHINE.can(application, name, officer)
        assert not APPLICATION_MACHINE.can(application, name, application.expert.user)
        assert APPLICATION_MACHINE.can(application, name, None)
    assert APPLICATION_MACHINE.can(application, "withdraw", application.expert.user)
    assert not APPLICATION_MACHINE.can(application, "withdraw", officer)


def test_a_decided_application_cannot_be_withdrawn():
    application = ApplicationFactory(status=ApplicationStatus.UNSUCCESSFUL)
    with pytest.raises(TransitionNotAllowed, match="not possible while the status is"):
        APPLICATION_MACHINE.apply(application, "withdraw", actor=application.expert.user)


def test_the_deadline_task_is_scheduled_and_registered():
    from django.conf import settings

    from cooperation.celery import app

    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE["calls-close-due"]["task"] == "calls.close_due"
    assert "calls.close_due" in app.tasks
    assert "calls.call_alert" in app.tasks
