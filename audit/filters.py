import datetime

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord


def recorded_actions() -> list[tuple[str, str]]:
    """The actions that appear in the trail (transition names and sensitive edits)."""
    actions = AuditRecord.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(action, action) for action in actions]


def recorded_kinds() -> list[tuple[int, str]]:
    """The kinds of record (requests, missions, users…) that appear in the trail."""
    kinds = ContentType.objects.filter(pk__in=AuditRecord.objects.values("content_type").distinct())
    return sorted(((kind.pk, capfirst(kind.name)) for kind in kinds), key=lambda kind: kind[1])


def search_actor(queryset: QuerySet, name: str, value: str) -> QuerySet:
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(Q(actor__full_name__icontains=value) | Q(actor__email__icontains=value))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recorded_from(queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
    return queryset.filter(created_at__gte=_start_of(value))


def recorded_until(queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
    return queryset.filter(created_at__lt=_start_of(value + datetime.timedelta(days=1)))


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditRecordFilter(django_filters.FilterSet):
    """The programme staff's view of the audit trail."""

    actor = django_filters.CharFilter(
        label=_("By (name or e-mail)"), method=search_actor, max_length=254
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=recorded_actions, empty_label=_("All actions")
    )
    content_type = django_filters.ChoiceFilter(
        label=_("Kind of record"), choices=recorded_kinds, empty_label=_("All kinds")
    )
    object_id = django_filters.CharFilter(label=_("Record number"), max_length=64)
    date_from = django_filters.DateFilter(label=_("From"), method=recorded_from, widget=DATE_INPUT)
    date_until = django_filters.DateFilter(
        label=_("Until"), method=recorded_until, widget=DATE_INPUT
    )

    class Meta:
        model = AuditRecord
        fields = ("actor", "action", "content_type", "object_id")
