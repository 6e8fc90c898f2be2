"""Celery tasks of the roster: thin, by name, keyword-only ids; the work is in the services."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import shortlists

# A lost connection, a deadlock or a lock timeout: worth another try. Retry delays stay far below
# the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS).
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="experts.shortlist_compute",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    ignore_result=True,
)
def shortlist_compute_task(self, *, shortlist_id: int) -> None:
    """Match the roster for a shortlist's subject and store the snapshot (see
    ``experts.shortlists.shortlist_compute``); gone shortlists are skipped."""
    try:
        shortlists.shortlist_compute(shortlist_id=shortlist_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= MAX_RETRIES:
            shortlists.shortlist_fail(shortlist_id=shortlist_id, error=str(error))
        raise


@shared_task(name="experts.shortlist_sweep", ignore_result=True)
def shortlist_sweep_task() -> None:
    """Queue matching again for shortlists whose task was lost (run by beat every minute)."""
    shortlists.shortlists_requeue_stale(
        older_than=datetime.timedelta(seconds=settings.MATCHING_REQUEUE_AFTER)
    )
