"""The programme in numbers: public, without any personal data."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..selectors import completed_actions_page, programme_numbers
from ..tables import public_countries, public_themes

# The totals are the same for every visitor: computed at most once per interval.
PROGRAMME_NUMBERS_CACHE_KEY = "reporting:programme-numbers"
PROGRAMME_NUMBERS_CACHE_SECONDS = 10 * 60


def programme_in_numbers(request: HttpRequest) -> HttpResponse:
    numbers = cache.get_or_set(
        PROGRAMME_NUMBERS_CACHE_KEY, programme_numbers, PROGRAMME_NUMBERS_CACHE_SECONDS
    )
    return render(
        request,
        "reporting/programme_in_numbers.html",
        {
            "totals": numbers.totals,
            "countries": public_countries(numbers),
            "themes": public_themes(numbers),
            "page_obj": completed_actions_page(request.GET.get("page")),
            "refresh_minutes": PROGRAMME_NUMBERS_CACHE_SECONDS // 60,
        },
    )
