"""Staff close a consultation early (silence recorded as no objection) and send a stakeholder's
e-mail again (failed, or not answered yet); both audited on the request."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.selectors import audit_records_for
from audit.statemachine import TransitionNotAllowed
from consultations import services
from consultations.models import AnswerStatus, ConsultationStatus, EmailStatus
from consultations.tokens import addressee_token
from notifications.emails import message_id
from tests.factories import ExpertUserFactory, ManagerFactory, OfficerFactory, PartnerUserFactory
from tests.factories.consultations import AddresseeFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Closing now ---------------------------------------------------------------------------------


def test_closing_now_records_silence_as_no_objection_and_is_audited_once():
    consultation = ConsultationFactory()
    silent = AddresseeFactory(consultation=consultation)
    objecting = AddresseeFactory(
        consultation=consultation, status=AnswerStatus.OBJECTION, text="Overlap."
    )
    officer = OfficerFactory()

    closed = services.consultation_close_now(consultation=consultation, actor=officer)

    assert closed.status == ConsultationStatus.CLOSED
    silent.refresh_from_db()
    objecting.refresh_from_db()
    assert silent.status == AnswerStatus.SILENT
    assert silent.answers.get().status == AnswerStatus.SILENT
    assert objecting.status == AnswerStatus.OBJECTION  # an objection still blocks acceptance
    assert services.request_objection_reason(consultation.request)
    records = audit_records_for(consultation.request)
    assert records.filter(action="consultation_silence").count() == 1
    closing = records.get(action="consultation_closed")
    assert closing.actor == officer
    assert [r.action for r in audit_records_for(consultation)] == ["close_now"]

    with pytest.raises(TransitionNotAllowed, match="Closed"):
        services.consultation_close_now(consultation=consultation, actor=officer)
    assert audit_records_for(consultation.request).filter(action="consultation_closed").count() == 1
    assert services.consultations_close_due() == 0


def test_a_closed_consultation_takes_no_more_answers_and_its_link_is_gone(client):
    addressee = AddresseeFactory()
    services.consultation_close_now(consultation=addressee.consultation, actor=OfficerFactory())

    with pytest.raises(TransitionNotAllowed):
        services.addressee_answer(
            addressee=addressee, status=AnswerStatus.OBJECTION, text="Too late."
        )
    addressee.refresh_from_db()
    assert addressee.status == AnswerStatus.SILENT
    response = client.get(reverse("consultations:answer", args=[addressee_token(addressee)]))
    assert response.status_code == 410


def test_only_staff_close_a_consultation():
    addressee = AddresseeFactory()
    with pytest.raises(TransitionNotAllowed):
        services.consultation_close_now(
            consultation=addressee.consultation, actor=PartnerUserFactory()
        )
    addressee.refresh_from_db()
    assert addressee.status == AnswerStatus.PENDING  # nothing recorded: all or nothing
    assert addressee.consultation.status == ConsultationStatus.OPEN


def test_an_officer_closes_from_the_panel_and_a_second_click_gets_a_message(client):
    addressee = AddresseeFactory()
    consultation = addressee.consultation
    client.force_login(OfficerFactory())
    page = client.get(reverse("cooperation:staff_request_detail", args=[consultation.request_id]))
    url = reverse("consultations:close", args=[consultation.pk])
    assert url in page.content.decode()

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert "The consultation is closed" in " ".join(_messages(first))
    assert "not possible" in " ".join(_messages(second))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert url not in second.content.decode()


@pytest.mark.parametrize("user_factory", [PartnerUserFactory, ExpertUserFactory])
def test_partners_and_experts_cannot_close_or_resend(client, user_factory):
    addressee = AddresseeFactory(email_status=EmailStatus.FAILED)
    client.force_login(user_factory())
    close = client.post(reverse("consultations:close", args=[addressee.consultation.pk]))
    resend = client.post(reverse("consultations:resend", args=[addressee.pk]))
    assert (close.status_code, resend.status_code) == (404, 404)
    addressee.refresh_from_db()
    assert addressee.email_status == EmailStatus.FAILED
    assert addressee.consultation.status == ConsultationStatus.OPEN


# --- Sending the e-mail again --------------------------------------------------------------------


def test_a_failed_email_is_sent_again_once_with_a_new_message_id(
    django_capture_on_commit_callbacks,
):
    addressee = AddresseeFactory(
        email_status=EmailStatus.FAILED, email_attempts=4, email_last_error="550 no such user"
    )
    manager = ManagerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.addressee_email_resend(addressee=addressee, actor=manager)

    addressee.refresh_from_db()
    assert addressee.email_status == EmailStatus.SENT
    assert (addressee.email_attempts, addressee.email_last_error) == (1, "")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [addressee.email]
    first_id = message_id(f"consultation:{addressee.pk}")
    assert mail.outbox[0].extra_headers["Message-ID"] not in ("", first_id)
    record = audit_records_for(addressee.consultation.request).get(action="consultation_resent")
    assert record.actor == manager and "Failed" in record.comment


def test_a_stakeholder_who_has_not_answered_gets_a_reminder_but_one_who_answered_does_not():
    silent = AddresseeFactory(email_status=EmailStatus.SENT)
    answered = AddresseeFactory(
        consultation=silent.consultation,
        email_status=EmailStatus.SENT,
        status=AnswerStatus.NO_OBJECTION,
    )
    officer = OfficerFactory()

    services.addressee_email_resend(addressee=silent, actor=officer)
    with pytest.raises(TransitionNotAllowed, match="answered already"):
        services.addressee_email_resend(addressee=answered, actor=officer)
    # A double click finds the e-mail queued already.
    with pytest.raises(TransitionNotAllowed, match="being sent already"):
        services.addressee_email_resend(addressee=silent, actor=officer)

    silent.refresh_from_db()
    assert (silent.email_status, silent.email_resends) == (EmailStatus.PENDING, 1)
    records = audit_records_for(silent.consultation.request).filter(action="consultation_resent")
    assert records.count() == 1


def test_no_resend_once_the_consultation_is_closed_or_past_its_deadline():
    closed = AddresseeFactory(email_status=EmailStatus.FAILED)
    services.consultation_close_now(consultation=closed.consultation, actor=OfficerFactory())
    late = AddresseeFactory(
        email_status=EmailStatus.FAILED,
        consultation=ConsultationFactory(
            deadline=timezone.localdate() - datetime.timedelta(days=1)
        ),
    )
    for addressee in (closed, late):
        with pytest.raises(TransitionNotAllowed, match="closed"):
            services.addressee_email_resend(addressee=addressee, actor=OfficerFactory())
        addressee.refresh_from_db()
        assert addressee.email_status == EmailStatus.FAILED


def test_the_panel_offers_resend_only_where_it_helps_and_the_page_resends(
    client, django_capture_on_commit_callbacks
):
    failed = AddresseeFactory(email_status=EmailStatus.FAILED)
    pending = AddresseeFactory(consultation=failed.consultation)  # not sent yet
    answered = AddresseeFactory(
        consultation=failed.consultation,
        email_status=EmailStatus.SENT,
        status=AnswerStatus.COMMENT,
        text="Fine.",
    )
    client.force_login(OfficerFactory())
    request_url = reverse("cooperation:staff_request_detail", args=[failed.consultation.request_id])
    page = client.get(request_url).content.decode()
    assert reverse("consultations:resend", args=[failed.pk]) in page
    assert reverse("consultations:resend", args=[pending.pk]) not in page
    assert reverse("consultations:resend", args=[answered.pk]) not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:resend", args=[failed.pk]), follow=True)
    assert "being sent again" in " ".join(_messages(response))
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT
