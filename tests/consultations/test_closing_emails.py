"""Closing a consultation (now, by an override, or at its deadline) stops its e-mails that have
not gone out, and records the silence of every stakeholder in a constant number of queries."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.selectors import audit_records_for
from consultations import services, tasks
from consultations.delivery import CLOSED_REASON
from consultations.models import Addressee, AnswerStatus, ConsultationStatus, EmailStatus
from notifications.models import DeliveryStatus
from tests.factories import ManagerFactory, OfficerFactory
from tests.factories.consultations import AddresseeFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.timedelta(days=-1)


def _close_now(consultation):
    services.consultation_close_now(consultation=consultation, actor=OfficerFactory())


def _override(consultation):
    AddresseeFactory(consultation=consultation, status=AnswerStatus.OBJECTION, text="Overlap.")
    services.consultation_override(
        consultation=consultation, actor=ManagerFactory(), reason="Agreed at the meeting."
    )


def _deadline(consultation):
    consultation.deadline = timezone.localdate() + YESTERDAY
    consultation.save(update_fields=["deadline"])
    tasks.close_due.delay()


def _retrying(consultation) -> Addressee:
    """A stakeholder whose first e-mail failed and waits for its retry."""
    return AddresseeFactory(
        consultation=consultation,
        email_status=EmailStatus.PENDING,
        email_attempts=1,
        email_last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        email_next_attempt_at=timezone.now() + datetime.timedelta(minutes=5),
    )


@pytest.mark.parametrize("close", [_close_now, _override, _deadline])
def test_a_retrying_email_is_not_sent_once_the_consultation_is_closed(close):
    consultation = ConsultationFactory()
    retrying = _retrying(consultation)
    sent = AddresseeFactory(consultation=consultation, email_status=EmailStatus.SENT)

    close(consultation)
    # The retry comes, then the beat's sweep once the retry is overdue.
    tasks.send_email.delay(addressee_id=retrying.pk)
    Addressee.objects.filter(pk=retrying.pk).update(
        email_next_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )
    tasks.close_due.delay()

    assert mail.outbox == []
    retrying.refresh_from_db()
    sent.refresh_from_db()
    assert retrying.email_status == EmailStatus.SKIPPED
    assert retrying.email_last_error == str(CLOSED_REASON)
    assert retrying.get_email_status_display() == "Not sent by e-mail"
    assert sent.email_status == EmailStatus.SENT


def test_an_email_being_sent_at_closing_is_not_retried_after_it():
    consultation = ConsultationFactory()
    sending = AddresseeFactory(consultation=consultation, email_status=EmailStatus.SENDING)

    _close_now(consultation)
    sending.refresh_from_db()
    assert sending.email_status == EmailStatus.SENDING  # left to its task
    # Its send fails for a passing reason: pending again, and the retry finds it closed.
    Addressee.objects.filter(pk=sending.pk).update(email_status=EmailStatus.PENDING)
    tasks.send_email.delay(addressee_id=sending.pk)

    assert mail.outbox == []
    sending.refresh_from_db()
    assert (sending.email_status, sending.email_last_error) == (
        EmailStatus.SKIPPED,
        str(CLOSED_REASON),
    )


def test_no_email_goes_out_past_the_deadline_before_the_beat_closes():
    waiting = AddresseeFactory(consultation__deadline=timezone.localdate() + YESTERDAY)

    tasks.send_email.delay(addressee_id=waiting.pk)

    assert mail.outbox == []
    waiting.refresh_from_db()
    assert waiting.email_status == EmailStatus.SKIPPED
    assert waiting.consultation.status == ConsultationStatus.OPEN  # the beat closes it


def test_an_open_consultation_still_sends_its_retry():
    retrying = _retrying(ConsultationFactory())

    tasks.send_email.delay(addressee_id=retrying.pk)

    assert [message.to for message in mail.outbox] == [[retrying.email]]
    retrying.refresh_from_db()
    assert retrying.email_status == EmailStatus.SENT


def test_the_not_sent_status_is_the_one_of_notifications():
    assert (EmailStatus.SKIPPED.value, EmailStatus.SKIPPED.label) == (
        DeliveryStatus.SKIPPED.value,
        DeliveryStatus.SKIPPED.label,
    )


# --- Recording silence in a constant number of queries -------------------------------------------


def _with_silent(count: int):
    consultation = ConsultationFactory()
    AddresseeFactory.create_batch(count, consultation=consultation)
    AddresseeFactory(consultation=consultation, status=AnswerStatus.COMMENT, text="Fine.")
    return consultation


def _closed(consultation, silent: int) -> None:
    consultation.refresh_from_db()
    assert consultation.status != ConsultationStatus.OPEN
    assert consultation.addressees.filter(status=AnswerStatus.SILENT).count() == silent


@pytest.mark.parametrize("close", [_close_now, _override, _deadline])
def test_closing_queries_do_not_grow_with_the_silent_stakeholders(
    close, django_assert_max_num_queries
):
    close(_with_silent(1))  # the content types are read once per process
    counts = []
    for silent in (1, 12):
        consultation = _with_silent(silent)
        with CaptureQueriesContext(connection) as queries:
            close(consultation)
        _closed(consultation, silent)
        counts.append(len(queries))

    assert counts[1] == counts[0]
    consultation = _with_silent(30)
    with django_assert_max_num_queries(counts[0]):
        close(consultation)
    _closed(consultation, 30)


@pytest.mark.parametrize(
    ("close", "transition", "comment"),
    [
        (_close_now, "lapse_closed", "No answer when the consultation was closed"),
        (_deadline, "lapse", "No answer by the deadline"),
    ],
)
def test_each_silence_is_recorded_and_audited(close, transition, comment):
    consultation = ConsultationFactory()
    silent = AddresseeFactory.create_batch(3, consultation=consultation)
    answered = AddresseeFactory(consultation=consultation, status=AnswerStatus.COMMENT, text="ok")

    close(consultation)

    timeline = audit_records_for(consultation.request).filter(action="consultation_silence")
    assert sorted(record.data["addressee"] for record in timeline) == [a.pk for a in silent]
    for addressee in silent:
        addressee.refresh_from_db()
        assert addressee.status == AnswerStatus.SILENT
        assert [answer.status for answer in addressee.answers.all()] == [AnswerStatus.SILENT]
        record = audit_records_for(addressee).get()
        assert (record.action, record.from_state, record.to_state, record.actor) == (
            transition,
            AnswerStatus.PENDING,
            AnswerStatus.SILENT,
            None,
        )
        assert record.comment.startswith(comment)
        assert timeline.get(data__addressee=addressee.pk).comment == (
            f"{addressee.organisation}: No answer: no objection"
        )
    answered.refresh_from_db()
    assert answered.status == AnswerStatus.COMMENT
    assert not audit_records_for(answered).exists()


def test_the_request_page_says_which_emails_were_not_sent(client):
    consultation = ConsultationFactory()
    retrying = _retrying(consultation)
    _close_now(consultation)
    client.force_login(OfficerFactory())

    page = client.get(reverse("cooperation:staff_request_detail", args=[consultation.request_id]))

    panel = page.content.decode()
    assert retrying.organisation in panel
    assert "Not sent by e-mail" in panel
