"""Upkeep of the request queue, run by Celery beat (``CELERY_BEAT_SCHEDULE`` in settings.py)."""

from celery import shared_task

from .selectors_staff import request_status_totals_compact


@shared_task(name="cooperation.status_totals_compact")
def status_totals_compact() -> bool:
    """Fold the queue's trigger-kept status totals (docs/performance.md); idempotent."""
    return request_status_totals_compact()
