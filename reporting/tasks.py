"""Periodic work of the dashboards."""

from celery import shared_task

from .snapshots import dashboard_refresh as refresh


@shared_task(name="reporting.dashboard_refresh", ignore_result=True)
def dashboard_refresh() -> int:
    """Recompute the cached programme dashboard before it expires (``reporting.snapshots``)."""
    return refresh()
