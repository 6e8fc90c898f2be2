"""The audit trail page: every status change and sensitive edit, for programme staff to read."""

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import role_required

from .filters import AuditRecordFilter
from .models import AuditRecord

PAGE_SIZE = 50


def can_read_audit_trail(user) -> bool:
    return user.has_perm("audit.view_auditrecord")


def _prefetch_targets(records: list[AuditRecord]) -> None:
    """Load the records' objects with one query per kind of object, following their foreign keys
    (which their names often use), so that the page's queries do not grow with its rows."""
    models = {record.content_type.model_class() for record in records} - {None}
    querysets = [model._default_manager.select_related() for model in models]
    prefetch_related_objects(records, GenericPrefetch("target", querysets))


@role_required(can_read_audit_trail)
@require_GET
def record_list(request):
    record_filter = AuditRecordFilter(
        request.GET,
        queryset=AuditRecord.objects.select_related("actor", "content_type").order_by(
            "-created_at", "-id"
        ),
    )
    page = Paginator(record_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _prefetch_targets(page.object_list)
    return render(request, "audit/record_list.html", {"filter": record_filter, "page_obj": page})
