from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from cooperation.celery import app
from health import selectors
from health.models import WorkerHeartbeat
from health.tasks import record_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_login(client):
    response = client.get(reverse("health:healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("health:healthz"))

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


def test_healthz_refuses_post(client):
    assert client.post(reverse("health:healthz")).status_code == 405


def test_system_status_sends_anonymous_visitors_to_login(client):
    url = reverse("health:system_status")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("user_fixture", ["partner_user", "expert_user", "officer_user"])
def test_system_status_is_forbidden_below_manager(client, login, request, user_fixture):
    login(client, request.getfixturevalue(user_fixture))

    assert client.get(reverse("health:system_status")).status_code == 403
    assert client.post(reverse("health:system_status")).status_code == 403
    assert WorkerHeartbeat.objects.count() == 0


def test_view_status_permission_is_for_managers_only(partner_user, officer_user, manager_user):
    assert manager_user.has_perm("health.view_status")
    assert not officer_user.has_perm("health.view_status")
    assert not partner_user.has_perm("health.view_status")


def test_system_status_shows_database_and_task_mode_to_managers(client, login, manager_user):
    login(client, manager_user)

    response = client.get(reverse("health:system_status"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "System status" in content
    assert connection.vendor in content
    assert "Eagerly, inside the web process" in content
    assert "None recorded yet." in content
    assert "Ping the worker" in content


def test_system_status_shows_the_last_heartbeat(client, login, manager_user):
    WorkerHeartbeat.objects.create(hostname="celery@older", task_id="t-1")
    WorkerHeartbeat.objects.create(hostname="celery@newest", task_id="t-2")
    login(client, manager_user)

    response = client.get(reverse("health:system_status"))

    assert response.context["status"].last_heartbeat.hostname == "celery@newest"
    assert response.context["status"].heartbeat_is_recent
    assert "celery@newest" in response.content.decode()


def test_ping_button_queues_a_heartbeat_after_commit(
    client, login, manager_user, django_capture_on_commit_callbacks
):
    login(client, manager_user)
    url = reverse("health:system_status")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)

    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == url
    assert WorkerHeartbeat.objects.count() == 1
    page = client.get(url).content.decode()
    assert "A heartbeat task is queued." in page


def test_record_heartbeat_stores_a_row_and_prunes_day_old_ones():
    old = WorkerHeartbeat.objects.create(hostname="celery@yesterday", task_id="old")
    WorkerHeartbeat.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    heartbeat_id = record_heartbeat()

    assert list(WorkerHeartbeat.objects.values_list("pk", flat=True)) == [heartbeat_id]
    assert WorkerHeartbeat.objects.get().hostname


def test_record_heartbeat_is_registered_and_scheduled_by_beat():
    assert "health.record_heartbeat" in app.tasks
    schedule = settings.CELERY_BEAT_SCHEDULE["health-heartbeat"]
    assert schedule["task"] == record_heartbeat.name
    assert schedule["schedule"] == 60.0


def test_broker_url_is_shown_without_its_password():
    assert selectors.broker_for_display("redis://:secret@cache:6379/0") == "redis://cache:6379/0"
    assert selectors.broker_for_display("amqp://user:pw@mq//") == "amqp://mq//"
    assert selectors.broker_for_display("memory://") == "memory://"


def test_heartbeat_older_than_five_minutes_is_not_recent():
    heartbeat = WorkerHeartbeat.objects.create(hostname="celery@quiet", task_id="t-old")
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )

    status = selectors.system_status()

    assert status.last_heartbeat == heartbeat
    assert not status.heartbeat_is_recent
