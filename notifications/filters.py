import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .catalogue import event_choices
from .models import DeliveryStatus, Notification


class DeliveryFilter(django_filters.FilterSet):
    email_status = django_filters.ChoiceFilter(
        label=_("E-mail status"), choices=DeliveryStatus.choices, empty_label=_("Any status")
    )
    event = django_filters.ChoiceFilter(
        label=_("Event"), choices=event_choices, empty_label=_("Any event")
    )
    recipient = django_filters.CharFilter(
        label=_("Recipient"), method="filter_recipient", max_length=254
    )

    class Meta:
        model = Notification
        fields = ["email_status", "event", "recipient"]

    def filter_recipient(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(recipient__email__icontains=value) | Q(recipient__full_name__icontains=value)
        )
