"""Pagination for the large staff lists (the request queue, the roster): cost independent of depth.

Django's ``Paginator`` counts every row (``COUNT(*)``) and reaches page *n* with ``OFFSET``, so the
last pages of a 100,000-row list read 100,000 rows. Here:

- **The count is capped.** Up to ``COUNT_CAP`` rows it is exact; beyond, the page shows the
  planner's estimate ("about 98,000"), which PostgreSQL gives without reading the rows. A caller
  that already knows the exact total (the queue sums its counts per status) passes it in.
- **Deep pages are reached by keyset.** The first ``OFFSET_PAGES`` pages keep readable
  ``?page=n`` links; "Next" beyond them, "Previous" and "Last" carry a signed ``cursor``: the sort
  values of the row the page starts after (or before), so the database starts reading at that
  row through the ordering's index. A cursor that does not verify (tampered, or made for another
  ordering) or that leads past the end shows the first page: never an error.

Keyset needs an ordering on non-null columns of the list's own table ending in a unique one
(``-submitted_at, -id``; ``-id``); a list sorted otherwise pages by ``OFFSET`` with the capped
count (``keys=None``).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import HttpRequest

COUNT_CAP = 1000
OFFSET_PAGES = 20
CURSOR_SALT = "cooperation.pagination.cursor"


def counted(queryset: QuerySet, *, cap: int | None = None) -> tuple[int, bool]:
    """(count, is_estimate): exact up to ``cap`` rows (one bounded query), else estimated."""
    cap = COUNT_CAP if cap is None else cap
    exact = queryset.order_by()[: cap + 1].count()
    if exact <= cap:
        return exact, False
    return max(estimated_count(queryset), cap + 1), True


def estimated_count(queryset: QuerySet) -> int:
    """The planner's estimate of the rows ``queryset`` returns (PostgreSQL), else exact."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count()
    import json

    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


@dataclass
class Window:
    """One page of a list; what ``includes/keyset_pagination.html`` shows."""

    object_list: list
    number: int | None  # None: a page reached by cursor whose number is not known
    count: int
    count_is_estimate: bool
    per_page: int
    first_href: str = ""
    previous_href: str = ""
    next_href: str = ""
    last_href: str = ""
    links: list[tuple[int, str]] = field(default_factory=list)
    more_before: bool = False
    more_after: bool = False

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def paginator(self) -> "Window":  # templates and tests written for Django's Page
        return self

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_href)

    @property
    def has_next(self) -> bool:
        return bool(self.next_href)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def start_index(self) -> int | None:
        if self.number is None or not self.object_list:
            return None
        return (self.number - 1) * self.per_page + 1

    @property
    def end_index(self) -> int | None:
        start = self.start_index
        return None if start is None else start + len(self.object_list) - 1


def _key_value(obj: Any, key: str) -> Any:
    value = getattr(obj, key.lstrip("-"))
    return value.isoformat() if hasattr(value, "isoformat") else value


def _beyond(keys: Sequence[str], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows after (``forward``) or before the row with these sort values, in ``keys`` order.

    ``(a, b) < (x, y)`` as ``a <= x AND (a < x OR (a = x AND b < y))``: the leading ``a <= x``
    lets the index start at the cursor's row.
    """
    condition = Q()
    for position in range(len(keys) - 1, -1, -1):
        name = keys[position].lstrip("-")
        descending = keys[position].startswith("-")
        lookup = "lt" if descending == forward else "gt"
        strict = Q(**{f"{name}__{lookup}": values[position]})
        condition = (
            strict
            if position == len(keys) - 1
            else strict | (Q(**{name: values[position]}) & condition)
        )
    first = keys[0].lstrip("-")
    lead = "lte" if keys[0].startswith("-") == forward else "gte"
    return Q(**{f"{first}__{lead}": values[0]}) & condition


def _signature(name: str, keys: Sequence[str] | None) -> str:
    return f"{name}:{','.join(keys or [])}"


def cursor_token(
    name: str, keys: Sequence[str], direction: str, values: list, number: int | None
) -> str:
    """The signed ``cursor`` parameter: start ``after``/``before`` the row with these sort
    values (or at the ``last`` page) of the list ``name`` ordered by ``keys``."""
    return signing.dumps(
        {"k": _signature(name, keys), "d": direction, "v": values, "n": number},
        salt=CURSOR_SALT,
        compress=True,
    )


def _reversed(keys: Sequence[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in keys]


class KeysetPaginator:
    """Pages ``queryset`` (already ordered by ``keys`` when keys are given) for ``request``."""

    def __init__(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        *,
        per_page: int,
        keys: Sequence[str] | None,
        count: int | None = None,
        count_is_estimate: bool = False,
        name: str = "list",
    ) -> None:
        self.request = request
        self.queryset = queryset
        self.per_page = per_page
        self.keys = list(keys) if keys else None
        self.known_count = count
        self.known_is_estimate = count_is_estimate
        self.name = name
        self.signature = _signature(name, self.keys)

    # --- links ---------------------------------------------------------------------------------

    def _href(self, **params: Any) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("cursor", None)
        for key, value in params.items():
            query[key] = value
        return f"?{query.urlencode()}"

    def _cursor_href(self, direction: str, obj: Any, number: int | None) -> str:
        values = [_key_value(obj, key) for key in self.keys] if obj is not None else []
        return self._href(cursor=cursor_token(self.name, self.keys, direction, values, number))

    def _decode(self, token: str) -> dict | None:
        try:
            data = signing.loads(token, salt=CURSOR_SALT)
        except signing.BadSignature:
            return None
        valid = (
            isinstance(data, dict)
            and data.get("k") == self.signature
            and data.get("d") in ("after", "before", "last")
            and isinstance(data.get("v"), list)
            and (data["d"] == "last" or len(data["v"]) == len(self.keys))
        )
        return data if valid else None

    # --- the page ------------------------------------------------------------------------------

    def page(self) -> Window:
        if self.known_count is not None:
            count, estimate = self.known_count, self.known_is_estimate
        else:
            count, estimate = counted(self.queryset)
        window = None
        token = self.request.GET.get("cursor")
        if token and self.keys:
            cursor = self._decode(token)
            if cursor is not None:
                window = self._by_cursor(cursor, count, estimate)
        if window is None:
            window = self._by_number(count, estimate)
        self._link(window)
        return window

    def _window(self, rows: list, number: int | None, count: int, estimate: bool) -> Window:
        return Window(
            object_list=rows,
            number=number,
            count=count,
            count_is_estimate=estimate,
            per_page=self.per_page,
        )

    def _by_number(self, count: int, estimate: bool) -> Window:
        num_pages = max(1, math.ceil(count / self.per_page))
        try:
            number = int(self.request.GET.get("page", 1))
        except (TypeError, ValueError):
            number = 1
        # With keys, pages past OFFSET_PAGES are reached by cursor only: a typed ?page=4000 must
        # not make the database read and skip 100,000 rows.
        last_by_number = min(num_pages, OFFSET_PAGES) if self.keys else num_pages
        number = min(max(number, 1), last_by_number)
        start = (number - 1) * self.per_page
        rows = list(self.queryset[start : start + self.per_page + 1])
        if not rows and number > 1:  # an estimate beyond the real end
            number, rows = 1, list(self.queryset[: self.per_page + 1])
        window = self._window(rows[: self.per_page], number, count, estimate)
        window.more_after, window.more_before = len(rows) > self.per_page, number > 1
        return window

    def _by_cursor(self, cursor: dict, count: int, estimate: bool) -> Window | None:
        direction, number = cursor["d"], cursor.get("n")
        number = number if isinstance(number, int) and number > 0 else None
        if direction == "last":
            rows = list(self.queryset.order_by(*_reversed(self.keys))[: self.per_page])
            rows.reverse()
            more_before, more_after = count > len(rows), False
            number = None if estimate else max(1, math.ceil(count / self.per_page))
        else:
            forward = direction == "after"
            try:
                beyond = self.queryset.filter(_beyond(self.keys, cursor["v"], forward=forward))
                ordered = beyond if forward else beyond.order_by(*_reversed(self.keys))
                rows = list(ordered[: self.per_page + 1])
            except (ValidationError, ValueError, TypeError):  # values that do not fit the columns
                return None
            more = len(rows) > self.per_page
            rows = rows[: self.per_page]
            if not forward:
                rows.reverse()
            more_after, more_before = (more, True) if forward else (True, more)
            if not forward and not more:
                number = 1
        if not rows:
            return None
        window = self._window(rows, number, count, estimate)
        window.more_after, window.more_before = more_after, more_before
        return window

    def _link(self, window: Window) -> None:
        number, rows = window.number, window.object_list
        if window.more_before:
            window.first_href = self._href(page=1)
            if number is not None and (number - 1 <= OFFSET_PAGES or not self.keys):
                window.previous_href = self._href(page=number - 1)
            else:
                window.previous_href = self._cursor_href(
                    "before", rows[0], number - 1 if number else None
                )
        if window.more_after:
            following = number + 1 if number is not None else None
            if following is not None and (following <= OFFSET_PAGES or not self.keys):
                window.next_href = self._href(page=following)
            else:
                window.next_href = self._cursor_href("after", rows[-1], following)
            if self.keys:
                window.last_href = self._cursor_href("last", None, None)
            elif not window.count_is_estimate:
                window.last_href = self._href(page=window.num_pages)
        if number is not None:
            window.links = [
                (n, self._href(page=n))
                for n in range(max(1, number - 2), min(number + 2, OFFSET_PAGES) + 1)
                if n != number and (n < number or window.more_after) and n <= window.num_pages
            ]
