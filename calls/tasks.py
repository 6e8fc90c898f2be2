"""Thin Celery tasks of the calls domain (``calls.close_due`` is in ``CELERY_BEAT_SCHEDULE``)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="calls.call_alert")
def call_alert_task(*, call_id: int) -> int:
    """Tell the experts the newly published call fits best (top N above a threshold)."""
    from .models import Call
    from .services import call_alert

    call = Call.objects.filter(pk=call_id).select_related("mission__action").first()
    if call is None:
        logger.info("Call %s is gone: no alerts.", call_id)
        return 0
    return call_alert(call=call)


@shared_task(name="calls.close_due")
def calls_close_due_task() -> int:
    """Close the calls whose deadline has passed (or whose mission stopped recruiting), settling
    their filled positions first (idempotent)."""
    from .services import calls_close_due

    closed = calls_close_due()
    if closed:
        logger.info("Closed %d call(s) past their deadline.", closed)
    return closed
