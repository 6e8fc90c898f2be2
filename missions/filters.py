"""FilterSets of the mission lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reference.models import ActivityType, Country

from .models import InvitationStatus, MissionStatus


class MissionFilter(django_filters.FilterSet):
    """The staff list of missions."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MissionStatus.choices, empty_label=_("Any status")
    )
    activity_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=ActivityType.choices, empty_label=_("Any type")
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.filter(missions__isnull=False).distinct().order_by("name"),
        empty_label=_("Any country"),
    )
    starts_from = django_filters.DateFilter(
        label=_("Starting from"),
        field_name="start_date",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("Only the actions I follow"),
        method="only_mine",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(action__reference__icontains=value)
            | Q(action__title__icontains=value)
            | Q(city__icontains=value)
        )

    def only_mine(self, queryset, name, value):
        if not value:
            return queryset
        user = self.request.user
        return queryset.filter(Q(action__assigned_officer=user) | Q(created_by=user))


class PartnerMissionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in MissionStatus.choices if c[0] != MissionStatus.DRAFT],
        empty_label=_("Any status"),
    )


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in InvitationStatus.choices if c[0] != InvitationStatus.SHORTLISTED],
        empty_label=_("Any status"),
    )
