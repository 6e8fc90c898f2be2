"""Thin Celery tasks of the missions domain (listed in ``CELERY_BEAT_SCHEDULE``)."""

import logging

from celery import shared_task

from .services import invitations_expire

logger = logging.getLogger(__name__)


@shared_task(name="missions.expire_invitations")
def expire_invitations() -> int:
    """Expire the invitations left unanswered past their deadline (idempotent)."""
    expired = invitations_expire()
    if expired:
        logger.info("Expired %d invitation(s) past their deadline.", expired)
    return expired
