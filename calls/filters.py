"""Filters of the calls lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Call, CallStatus


class CallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CallStatus.choices)
    q = django_filters.CharFilter(
        label=_("Mission"), field_name="mission__title", lookup_expr="icontains", max_length=200
    )

    class Meta:
        model = Call
        fields = ["status", "q"]
