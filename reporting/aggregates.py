"""Medians of durations, computed by the database where it can.

PostgreSQL has ``percentile_cont``, so the median is one aggregate over the rows. SQLite (the demo
database) has no percentile function: there we fetch the list of durations alone (one query over
one computed column, no model instances) and take the median in Python. Both give the same value:
``percentile_cont(0.5)`` interpolates between the two middle values, as ``statistics.median`` does.
"""

import datetime
import statistics

from django.db import connection
from django.db.models import Aggregate, DurationField, Expression, QuerySet

SECONDS_PER_DAY = 86_400


class Median(Aggregate):
    """``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``: PostgreSQL only."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _days(duration: datetime.timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / SECONDS_PER_DAY


def median_days(
    queryset: QuerySet, duration: Expression, *, in_database: bool | None = None
) -> float | None:
    """The median of ``duration`` (an expression giving a time span) over the queryset, in days.

    Rows where the duration is unknown are left out; None when no row has one. ``in_database``
    defaults to whether the database has ``percentile_cont``; tests set it to compare both ways.
    """
    if in_database is None:
        in_database = connection.vendor == "postgresql"
    # No ``filter(duration__isnull=False)``: the database would compute the duration twice.
    durations = queryset.annotate(duration=duration).order_by()
    if in_database:
        # percentile_cont, like every aggregate, skips NULLs.
        result = durations.aggregate(median=Median("duration", output_field=DurationField()))
        return _days(result["median"])
    values = [value for value in durations.values_list("duration", flat=True) if value is not None]
    return _days(statistics.median(values)) if values else None
