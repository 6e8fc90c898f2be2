"""Tasks through Redis to a real Celery worker (run with CELERY_BROKER_URL set, on PostgreSQL)."""

import time

from django.conf import settings
from django.urls import reverse

from health.models import WorkerHeartbeat
from health.tasks import record_heartbeat

POLL_TIMEOUT = 30.0


def wait_for_heartbeat(hostname: str) -> WorkerHeartbeat | None:
    deadline = time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        heartbeat = WorkerHeartbeat.objects.filter(hostname=hostname).first()
        if heartbeat is not None:
            return heartbeat
        time.sleep(0.2)
    return None


def test_heartbeat_task_runs_on_the_real_worker(celery_worker_process, transactional_db):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

    record_heartbeat.delay()

    heartbeat = wait_for_heartbeat(celery_worker_process.hostname)
    assert heartbeat is not None, (
        f"no heartbeat from {celery_worker_process.hostname} within {POLL_TIMEOUT:.0f} s; "
        f"see {celery_worker_process.log_path}"
    )


def test_ping_button_reaches_the_real_worker(
    celery_worker_process, transactional_db, client, login, manager_user
):
    login(client, manager_user)

    response = client.post(reverse("health:system_status"))

    assert response.status_code == 302
    assert wait_for_heartbeat(celery_worker_process.hostname) is not None
    page = client.get(reverse("health:system_status")).content.decode()
    assert celery_worker_process.hostname in page
    assert "Through the broker redis://" in page
