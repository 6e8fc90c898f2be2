"""The filter of the meeting list."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Meeting, MeetingStatus


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        help_text=_("Words of the title."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title__icontains=value.strip())
