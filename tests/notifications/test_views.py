"""The bell, the notifications page, marking read, preferences and the staff delivery log."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from notifications.models import DeliveryStatus, EmailFrequency, Notification
from notifications.selectors import email_frequency_of
from notifications.services import notify
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def notification_for(user, n: int = 1, *, url: str = "/invitations/3/", **fields) -> Notification:
    (notification,) = notify(
        event="expert_invited",
        key=f"expert-invited:{n}",
        recipients=[user],
        title=f"Invitation {n}: peer review of the pension reform",
        body="Please answer by 1 March.",
        url=url,
    )
    if fields:
        Notification.objects.filter(pk=notification.pk).update(**fields)
        notification.refresh_from_db()
    return notification


def test_notifications_page_needs_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_bell_shows_the_unread_count(client, login, expert_user):
    notification_for(expert_user, 1)
    notification_for(expert_user, 2)
    notification_for(expert_user, 3, read_at=timezone.now())
    login(client, expert_user)

    page = client.get(reverse("notifications:preferences")).content.decode()

    assert 'id="notification-bell"' in page
    assert '<span class="bell__count" data-testid="unread-count">2<span' in page


def test_bell_has_no_count_when_everything_is_read(client, login, expert_user):
    notification_for(expert_user, read_at=timezone.now())
    login(client, expert_user)

    page = client.get(LIST).content.decode()

    assert 'id="notification-bell"' in page
    assert "bell__count" not in page


def test_notifications_page_lists_only_the_users_own(client, login, expert_user, partner_user):
    mine = notification_for(expert_user, 1)
    theirs = notification_for(partner_user, 2)
    login(client, expert_user)

    page = client.get(LIST).content.decode()

    assert mine.title in page
    assert theirs.title not in page
    assert reverse("notifications:open", args=[mine.pk]) in page
    assert "Invitation to a mission" in page
    assert "Please answer by 1 March." in page


def test_notifications_page_filters_unread(client, login, expert_user):
    unread = notification_for(expert_user, 1)
    read = notification_for(expert_user, 2, read_at=timezone.now())
    login(client, expert_user)

    page = client.get(LIST, {"unread": "1"}).content.decode()

    assert unread.title in page
    assert read.title not in page


def test_notifications_page_is_paginated_with_few_queries(
    client, login, expert_user, django_assert_max_num_queries
):
    for n in range(45):
        notification_for(expert_user, n)
    login(client, expert_user)

    with django_assert_max_num_queries(6):
        response = client.get(LIST, {"page": 2})

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 20
    assert "Page 2 of 3" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, login, expert_user):
    notification = notification_for(expert_user)
    login(client, expert_user)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/invitations/3/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url", ["", "https://elsewhere.example.com/phish", "//elsewhere.example.com", "admin:index"]
)
def test_opening_a_notification_without_a_local_link_goes_to_the_list(
    client, login, expert_user, url
):
    notification = notification_for(expert_user, url=url)
    login(client, expert_user)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.url == LIST


def test_another_users_notification_answers_404(client, login, expert_user, partner_user):
    notification = notification_for(partner_user)
    login(client, expert_user)

    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_as_read_returns_to_the_page(client, login, expert_user):
    notification = notification_for(expert_user)
    login(client, expert_user)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next": f"{LIST}?page=1"}
    )

    assert response.status_code == 302
    assert response.url == f"{LIST}?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_as_read_with_htmx_swaps_the_item_and_the_bell(client, login, expert_user):
    notification = notification_for(expert_user, 1)
    notification_for(expert_user, 2)
    login(client, expert_user)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in page
    assert "notification--unread" not in page
    assert 'id="notification-bell"' in page
    assert 'hx-swap-oob="true"' in page
    assert '<span class="bell__count" data-testid="unread-count">1<span' in page


def test_mark_as_read_refuses_get(client, login, expert_user):
    notification = notification_for(expert_user)
    login(client, expert_user)

    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405


def test_mark_all_as_read_touches_only_the_users_own(client, login, expert_user, partner_user):
    notification_for(expert_user, 1)
    notification_for(expert_user, 2)
    theirs = notification_for(partner_user, 3)
    login(client, expert_user)

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert response.status_code == 200
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=expert_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_page_saves_the_digest_choice(client, login, partner_user):
    login(client, partner_user)

    page = client.get(reverse("notifications:preferences"))
    response = client.post(
        reverse("notifications:preferences"), {"email_frequency": EmailFrequency.DAILY}
    )

    assert page.context["form"]["email_frequency"].value() == EmailFrequency.IMMEDIATE
    assert "Invitation to a mission" in page.content.decode()  # listed as always immediate
    assert response.status_code == 302
    assert email_frequency_of(partner_user) == EmailFrequency.DAILY
    again = client.get(reverse("notifications:preferences"))
    assert again.context["form"]["email_frequency"].value() == EmailFrequency.DAILY


def test_preferences_page_refuses_an_unknown_choice(client, login, partner_user):
    login(client, partner_user)

    response = client.post(reverse("notifications:preferences"), {"email_frequency": "hourly"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert email_frequency_of(partner_user) == EmailFrequency.IMMEDIATE


DELIVERY_LOG = reverse("notifications:delivery_log")


@pytest.mark.parametrize("user_fixture", ["partner_user", "expert_user"])
def test_delivery_log_is_for_programme_staff_only(client, login, request, user_fixture):
    login(client, request.getfixturevalue(user_fixture))

    assert client.get(DELIVERY_LOG).status_code == 404


def test_delivery_log_shows_status_attempts_and_last_error(client, login, officer_user):
    recipient = UserFactory(full_name="Erik Expert")
    notification_for(
        recipient,
        email_status=DeliveryStatus.FAILED,
        email_attempts=5,
        email_last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    login(client, officer_user)

    page = client.get(DELIVERY_LOG).content.decode()

    assert "Erik Expert" in page
    assert "badge--delivery-failed" in page
    assert '<td class="num">5</td>' in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert "Send again" in page


def test_delivery_log_filters_by_status_and_event(client, login, manager_user):
    recipient = UserFactory()
    failed = notification_for(recipient, 1, email_status=DeliveryStatus.FAILED)
    sent = notification_for(recipient, 2, email_status=DeliveryStatus.SENT)
    (report,) = notify(event="report_due", key="r", recipients=[recipient], title="Report due X")
    login(client, manager_user)

    by_status = client.get(DELIVERY_LOG, {"email_status": "failed"}).context["page_obj"]
    by_event = client.get(DELIVERY_LOG, {"event": "report_due"}).context["page_obj"]
    by_recipient = client.get(DELIVERY_LOG, {"recipient": recipient.email[:6]}).context["page_obj"]

    assert list(by_status) == [failed]
    assert list(by_event) == [report]
    assert {n.pk for n in by_recipient} == {failed.pk, sent.pk, report.pk}


def test_delivery_log_has_few_queries_whatever_the_number_of_rows(
    client, login, officer_user, django_assert_max_num_queries
):
    for n in range(60):
        notification_for(UserFactory(), n)
    login(client, officer_user)

    with django_assert_max_num_queries(7):
        response = client.get(DELIVERY_LOG)

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 50


def test_staff_send_a_failed_email_again(
    client, login, officer_user, mailoutbox, django_capture_on_commit_callbacks
):
    notification = notification_for(UserFactory(), email_status=DeliveryStatus.FAILED)
    login(client, officer_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:delivery_retry", args=[notification.pk]),
            {"next": f"{DELIVERY_LOG}?email_status=failed"},
        )

    assert response.status_code == 302
    assert response.url == f"{DELIVERY_LOG}?email_status=failed"
    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.SENT
    assert len(mailoutbox) == 1


def test_partners_cannot_send_emails_again(client, login, partner_user):
    notification = notification_for(UserFactory(), email_status=DeliveryStatus.FAILED)
    login(client, partner_user)

    response = client.post(reverse("notifications:delivery_retry", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.email_status == DeliveryStatus.FAILED


def test_pages_survive_nonsense_parameters(client, login, officer_user):
    login(client, officer_user)

    log = client.get(DELIVERY_LOG, {"email_status": "bogus", "event": "nope", "page": "x"})
    inbox = client.get(LIST, {"unread": "maybe", "page": "-3"})

    assert log.status_code == 200
    assert "Select a valid choice" in log.content.decode()
    assert inbox.status_code == 200


def test_mark_as_read_ignores_a_hostile_next(client, login, expert_user):
    notification = notification_for(expert_user)
    login(client, expert_user)

    response = client.post(
        reverse("notifications:read", args=[notification.pk]),
        {"next": '"><img src=x onerror=alert(1)>'},
    )

    assert response.status_code == 302
    assert response.url == LIST
