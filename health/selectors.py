"""Read-only checks of the portal's moving parts, for the health endpoint and the status page."""

from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat

# Celery beat queues a heartbeat every minute: an older last heartbeat means no worker is taking
# tasks off the queue (or beat is not running).
HEARTBEAT_STALE_AFTER = timedelta(minutes=5)


def database_is_up() -> bool:
    """True when the default database answers ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@dataclass(frozen=True)
class SystemStatus:
    database_vendor: str
    database_up: bool
    tasks_run_eagerly: bool
    broker: str
    last_heartbeat: WorkerHeartbeat | None
    last_heartbeat_age: timedelta | None

    @property
    def heartbeat_is_recent(self) -> bool:
        age = self.last_heartbeat_age
        return age is not None and age < HEARTBEAT_STALE_AFTER


def broker_for_display(url: str) -> str:
    """The broker URL as it can be shown on a page: transport, host and path, never a password."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    _credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{host}" if at else url


def system_status() -> SystemStatus:
    conf = current_app.conf
    last = WorkerHeartbeat.objects.order_by("-created_at", "-id").first()
    return SystemStatus(
        database_vendor=connection.vendor,
        database_up=database_is_up(),
        tasks_run_eagerly=bool(conf.task_always_eager),
        broker=broker_for_display(str(conf.broker_url or "")),
        last_heartbeat=last,
        last_heartbeat_age=timezone.now() - last.created_at if last else None,
    )
