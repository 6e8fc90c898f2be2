"""Working days: the deadline of a consultation counts Monday to Friday only.

Public holidays are not counted out (they differ per stakeholder's country); a deadline that
falls on one still gives the stakeholder the days asked for, plus at most that day.
"""

import datetime

WEEKEND = (5, 6)  # Saturday, Sunday


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() not in WEEKEND


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    if days < 1:
        raise ValueError("days must be a positive number of working days")
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
