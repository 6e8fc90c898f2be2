"""What the staff list pages share: pagination, sortable column headers, safe return links."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page (the last one when the number is too high, the first when garbled)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class SortHeader:
    label: str
    key: str | None
    href: str = ""
    aria_sort: str = ""


def sort_headers(request: HttpRequest, columns: list[tuple[str, str | None]]) -> list[SortHeader]:
    """Column headers that link to the list sorted by them (again: the other way round).

    ``columns`` are (label, sort key or None for a column that does not sort). The other GET
    parameters (filters) stay in the links; the page number goes.
    """
    current = request.GET.get("sort", "")
    headers = []
    for label, key in columns:
        if key is None:
            headers.append(SortHeader(label=label, key=None))
            continue
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("cursor", None)
        params["sort"] = f"-{key}" if current == key else key
        aria_sort = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        headers.append(
            SortHeader(label=label, key=key, href=f"?{params.urlencode()}", aria_sort=aria_sort)
        )
    return headers
