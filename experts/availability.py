"""Availability arithmetic on date periods, both ends included.

Pure functions, shared by the profile forms (overlapping unavailable periods), the expert's home
(mission days this year) and the tests. The database-side equivalent, for the whole roster, is
``experts.selectors.experts_available_for``; both use the same overlap rule.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"The period {self.start} – {self.end} ends before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: "Period") -> bool:
        """True when the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def clip(self, other: "Period") -> "Period | None":
        """The part of this period that falls within ``other``, or None."""
        if not self.overlaps(other):
            return None
        return Period(max(self.start, other.start), min(self.end, other.end))


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def overlapping_pairs(periods: Sequence[Period]) -> list[tuple[int, int]]:
    """Pairs of positions (earlier, later) in ``periods`` of periods that share a day.

    Each period that overlaps one starting before it (or on the same day) is reported once, with
    the overlapped period that reaches furthest.
    """
    pairs = []
    furthest: int | None = None  # position of the period reaching furthest so far
    for index in sorted(range(len(periods)), key=lambda i: periods[i]):
        period = periods[index]
        if furthest is not None and period.overlaps(periods[furthest]):
            pairs.append((furthest, index))
        if furthest is None or period.end > periods[furthest].end:
            furthest = index
    return pairs


def days_within(periods: Iterable[Period], window: Period) -> int:
    """How many days of ``periods`` fall within ``window`` (the periods must not overlap)."""
    return sum(part.days for part in (period.clip(window) for period in periods) if part)
