"""Tasks that show whether the Celery worker is alive."""

import socket
import uuid
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat

# Heartbeats older than this are pruned each time a new one is recorded.
HEARTBEAT_RETENTION = timedelta(days=1)


@shared_task(name="health.record_heartbeat", ignore_result=True)
def record_heartbeat() -> int:
    """Store one heartbeat with the name of the worker that ran this task; return its id.

    Eagerly (no broker configured) or when called directly, the name is this machine's host name.
    """
    request = record_heartbeat.request
    heartbeat = WorkerHeartbeat.objects.create(
        hostname=request.hostname or socket.gethostname(),
        task_id=request.id or f"direct-{uuid.uuid4()}",
    )
    WorkerHeartbeat.objects.filter(created_at__lt=timezone.now() - HEARTBEAT_RETENTION).delete()
    return heartbeat.pk
