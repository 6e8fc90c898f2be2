from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditRecord


def audit_records_for(target: models.Model) -> models.QuerySet[AuditRecord]:
    """The timeline of one object, oldest first."""
    return (
        AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
