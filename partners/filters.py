import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reference.models import Country

from .models import Institution, InstitutionType, VerificationStatus


def search_institutions(queryset: QuerySet, name: str, value: str) -> QuerySet:
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(name__icontains=value) | Q(name_local__icontains=value) | Q(acronym__iexact=value)
    )


class InstitutionSearchFilter(django_filters.FilterSet):
    """Find an institution to join, by country and name."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.partners(), empty_label=_("All countries")
    )
    q = django_filters.CharFilter(
        label=_("Name or acronym"), method=search_institutions, max_length=100
    )

    class Meta:
        model = Institution
        fields = ("country", "q")


class StaffInstitutionFilter(django_filters.FilterSet):
    """The programme team's list of institutions, for verification."""

    q = django_filters.CharFilter(
        label=_("Name or acronym"), method=search_institutions, max_length=100
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.partners(), empty_label=_("All countries")
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=InstitutionType.choices, empty_label=_("All types")
    )
    verification_status = django_filters.ChoiceFilter(
        label=_("Verification"), choices=VerificationStatus.choices, empty_label=_("Any")
    )

    class Meta:
        model = Institution
        fields = ("q", "country", "type", "verification_status")
