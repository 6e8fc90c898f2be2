"""The rules of a consultation: working days, sending, answers replaced but recorded, silence,
the objection that blocks acceptance and its override, the signed link."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.signed_links import SignedLinkError
from audit.models import AuditRecord
from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from consultations import services
from consultations.models import AnswerStatus, ConsultationStatus, EmailStatus
from consultations.tokens import (
    addressee_from_token,
    addressee_token,
)
from consultations.workdays import add_working_days
from cooperation.models import RequestStatus
from cooperation.selectors_partner import request_timeline_for_partner
from cooperation.selectors_staff import request_timeline
from cooperation.transitions import request_transition
from notifications.models import Notification
from tests.factories import ManagerFactory, OfficerFactory, country
from tests.factories.consultations import (
    AddresseeFactory,
    ConsultationFactory,
    StakeholderContactFactory,
)
from tests.factories.cooperation import InReviewRequestFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 20)


# --- Working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRIDAY, 1, datetime.date(2026, 11, 23)),  # Monday
        (FRIDAY, 5, datetime.date(2026, 11, 27)),  # the next Friday
        (datetime.date(2026, 11, 23), 5, datetime.date(2026, 11, 30)),  # Monday → Monday
        (datetime.date(2026, 11, 21), 1, datetime.date(2026, 11, 23)),  # Saturday → Monday
        (datetime.date(2026, 11, 18), 10, datetime.date(2026, 12, 2)),
    ],
)
def test_working_days_skip_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize("days", [0, -3])
def test_working_days_must_be_positive(days):
    with pytest.raises(ValueError):
        add_working_days(FRIDAY, days)


# --- Sending -----------------------------------------------------------------------------------


def _send(request=None, contacts=None, days=5, **kwargs):
    request = request or InReviewRequestFactory()
    if contacts is None:
        contacts = [StakeholderContactFactory(), StakeholderContactFactory()]
    return services.consultation_send(
        request=request, actor=OfficerFactory(), contacts=contacts, working_days=days, **kwargs
    )


def test_sending_mails_each_stakeholder_a_signed_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = _send()

    assert consultation.deadline == add_working_days(timezone.localdate(), 5)
    assert len(mail.outbox) == 2
    addressees = {a.email: a for a in consultation.addressees.all()}
    for message in mail.outbox:
        addressee = addressees[message.to[0]]
        token = re.search(r"/consultation/([^/\s]+)/", message.body).group(1)
        assert addressee_from_token(token) == addressee
        assert addressee.email_status == EmailStatus.SENT
        assert message.alternatives[0][1] == "text/html"
    records = audit_records_for(consultation.request).filter(action="consultation_sent")
    assert records.count() == 1


def test_sending_to_no_stakeholder_is_refused():
    with pytest.raises(TransitionNotAllowed, match="at least one stakeholder"):
        _send(contacts=[])


@pytest.mark.parametrize("days", [0, -1, 61])
def test_sending_with_a_deadline_out_of_range_is_refused(days):
    with pytest.raises(TransitionNotAllowed, match="working days"):
        _send(days=days)


def test_contacts_of_another_country_or_inactive_are_refused():
    others = [
        StakeholderContactFactory(country=country("RS")),
        StakeholderContactFactory(is_active=False),
    ]
    for contact in others:
        with pytest.raises(TransitionNotAllowed, match="request's country"):
            _send(contacts=[contact])


def test_a_second_open_consultation_and_a_decided_request_are_refused():
    consultation = _send()
    with pytest.raises(TransitionNotAllowed, match="already waiting"):
        _send(request=consultation.request)
    decided = InReviewRequestFactory(status=RequestStatus.REJECTED)
    with pytest.raises(TransitionNotAllowed, match="cannot be sent"):
        _send(request=decided)


def test_a_failing_mail_server_leaves_the_email_pending_for_a_retry(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.consultations.failing_backend.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        consultation = _send(contacts=[StakeholderContactFactory()])

    addressee = consultation.addressees.get()
    assert addressee.email_status == EmailStatus.PENDING
    assert addressee.email_attempts == 1
    assert "SMTPServerDisconnected" in addressee.email_last_error
    assert addressee.email_next_attempt_at > timezone.now()


# --- Answers -----------------------------------------------------------------------------------


def test_an_answer_replaces_the_current_one_and_both_are_recorded():
    addressee = AddresseeFactory()
    services.addressee_answer(addressee=addressee, status=AnswerStatus.NO_OBJECTION)
    addressee = services.addressee_answer(
        addressee=addressee,
        status=AnswerStatus.OBJECTION,
        text="Overlaps with a World Bank project.",
    )

    assert addressee.status == AnswerStatus.OBJECTION
    assert addressee.text == "Overlaps with a World Bank project."
    assert list(addressee.answers.values_list("status", flat=True)) == [
        AnswerStatus.NO_OBJECTION,
        AnswerStatus.OBJECTION,
    ]
    request = addressee.consultation.request
    assert audit_records_for(request).filter(action="consultation_answer").count() == 2
    assert AuditRecord.objects.filter(object_id=str(addressee.pk), action="answer_objection")


def test_the_same_answer_twice_is_recorded_once():
    addressee = AddresseeFactory()
    for _ in range(2):
        services.addressee_answer(addressee=addressee, status=AnswerStatus.COMMENT, text="Fine.")

    assert addressee.answers.count() == 1


@pytest.mark.parametrize("status", [AnswerStatus.OBJECTION, AnswerStatus.COMMENT])
def test_an_objection_or_comment_needs_a_text(status):
    addressee = AddresseeFactory()
    with pytest.raises(TransitionNotAllowed):
        services.addressee_answer(addressee=addressee, status=status, text="   ")

    addressee.refresh_from_db()
    assert addressee.status == AnswerStatus.PENDING
    assert addressee.answers.count() == 0


def test_no_answer_after_the_deadline():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    addressee = AddresseeFactory(consultation__deadline=yesterday)
    with pytest.raises(TransitionNotAllowed, match="closed"):
        services.addressee_answer(addressee=addressee, status=AnswerStatus.NO_OBJECTION)


def test_an_answer_tells_the_sender():
    addressee = AddresseeFactory()
    services.addressee_answer(addressee=addressee, status=AnswerStatus.OBJECTION, text="No.")

    notification = Notification.objects.get(event="consultation_answered")
    assert notification.recipient == addressee.consultation.sent_by


# --- Silence -----------------------------------------------------------------------------------


def test_silence_until_the_deadline_counts_as_no_objection_once():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    consultation = ConsultationFactory(deadline=yesterday)
    silent = AddresseeFactory(consultation=consultation)
    answered = AddresseeFactory(consultation=consultation, status=AnswerStatus.COMMENT, text="x")
    open_one = AddresseeFactory()  # deadline not passed

    assert services.consultations_close_due() == 1
    assert services.consultations_close_due() == 0  # idempotent

    silent.refresh_from_db()
    answered.refresh_from_db()
    open_one.refresh_from_db()
    consultation.refresh_from_db()
    assert silent.status == AnswerStatus.SILENT
    assert silent.answers.get().status == AnswerStatus.SILENT
    assert answered.status == AnswerStatus.COMMENT
    assert open_one.status == AnswerStatus.PENDING
    assert consultation.status == ConsultationStatus.CLOSED
    records = audit_records_for(consultation.request).filter(action="consultation_silence")
    assert records.count() == 1


# --- Objection, acceptance, override -----------------------------------------------------------


def _objected():
    addressee = AddresseeFactory()
    services.addressee_answer(addressee=addressee, status=AnswerStatus.OBJECTION, text="Overlap.")
    return addressee.consultation


def test_an_objection_blocks_acceptance():
    consultation = _objected()
    with pytest.raises(TransitionNotAllowed, match="objected"):
        request_transition(consultation.request, "accept", actor=OfficerFactory())

    consultation.request.refresh_from_db()
    assert consultation.request.status == RequestStatus.IN_REVIEW


def test_withdrawn_objection_no_longer_blocks():
    consultation = _objected()
    addressee = consultation.addressees.get()
    services.addressee_answer(addressee=addressee, status=AnswerStatus.NO_OBJECTION)

    request = request_transition(consultation.request, "accept", actor=OfficerFactory())
    assert request.status == RequestStatus.ACCEPTED


def test_a_manager_overrides_with_a_reason_and_the_request_can_be_accepted():
    consultation = _objected()
    manager = ManagerFactory()
    with pytest.raises(TransitionNotAllowed, match="reason"):
        services.consultation_override(consultation=consultation, actor=manager, reason=" ")

    consultation = services.consultation_override(
        consultation=consultation, actor=manager, reason="The overlap was checked: none."
    )

    assert consultation.status == ConsultationStatus.OVERRIDDEN
    record = audit_records_for(consultation.request).get(action="consultation_overridden")
    assert (record.actor, record.comment) == (manager, "The overlap was checked: none.")
    request = request_transition(consultation.request, "accept", actor=OfficerFactory())
    assert request.status == RequestStatus.ACCEPTED


def test_overriding_an_open_consultation_records_the_silence_of_the_others():
    consultation = _objected()
    silent = AddresseeFactory(consultation=consultation)

    services.consultation_override(
        consultation=consultation, actor=ManagerFactory(), reason="Checked with the delegation."
    )

    silent.refresh_from_db()
    assert silent.status == AnswerStatus.SILENT


def test_an_officer_cannot_override():
    consultation = _objected()
    with pytest.raises(TransitionNotAllowed):
        services.consultation_override(
            consultation=consultation, actor=OfficerFactory(), reason="Because."
        )


def test_nothing_to_override_without_an_objection():
    consultation = AddresseeFactory().consultation
    with pytest.raises(TransitionNotAllowed, match="nothing to override"):
        services.consultation_override(
            consultation=consultation, actor=ManagerFactory(), reason="Because."
        )


# --- Timeline ----------------------------------------------------------------------------------


def test_the_staff_timeline_shows_the_consultation_and_the_partner_timeline_does_not():
    consultation = _objected()
    request = consultation.request

    titles = [entry.title for entry in request_timeline(request)]
    assert "Stakeholder answered the consultation" in titles
    partner_entries = request_timeline_for_partner(request)
    assert all("Overlap." not in entry.body for entry in partner_entries)


# --- The signed link ----------------------------------------------------------------------------


def test_the_link_opens_its_addressee_and_no_other():
    addressee = AddresseeFactory()
    assert addressee_from_token(addressee_token(addressee)) == addressee

    token = addressee_token(addressee)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(SignedLinkError) as error:
        addressee_from_token(tampered)
    assert error.value.status == 400


def test_a_link_with_an_old_nonce_is_invalid():
    addressee = AddresseeFactory()
    token = addressee_token(addressee)
    addressee.token_nonce = "renewed"
    addressee.save()
    with pytest.raises(SignedLinkError) as error:
        addressee_from_token(token)
    assert error.value.status == 400


def test_a_link_past_the_deadline_or_closed_is_gone():
    past = AddresseeFactory(consultation__deadline=timezone.localdate() - datetime.timedelta(1))
    overridden = AddresseeFactory(consultation__status=ConsultationStatus.OVERRIDDEN)
    for addressee in (past, overridden):
        with pytest.raises(SignedLinkError) as error:
            addressee_from_token(addressee_token(addressee))
        assert error.value.status == 410


def test_the_beat_task_is_scheduled_and_sends_again_what_no_task_took(settings):
    from consultations.tasks import close_due

    assert any(
        entry["task"] == "consultations.close_due"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )
    lost = AddresseeFactory(email_next_attempt_at=timezone.now() - datetime.timedelta(minutes=10))
    waiting = AddresseeFactory(email_next_attempt_at=timezone.now())

    close_due.delay()

    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert (lost.email_status, waiting.email_status) == (EmailStatus.SENT, EmailStatus.PENDING)
    assert [message.to for message in mail.outbox] == [[lost.email]]
