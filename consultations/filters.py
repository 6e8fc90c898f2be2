"""The filters of the stakeholder contact list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reference.models import Country

from .models import ContactKind, StakeholderContact

SEARCH_MAX_LENGTH = 100


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=SEARCH_MAX_LENGTH)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.partners().order_by("name")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContactKind.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = StakeholderContact
        fields = ["q", "country", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__icontains=value) | Q(name__icontains=value) | Q(email__icontains=value)
        )
