from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditRecord


def audit_record_create(
    *,
    target: models.Model,
    actor: Any,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditRecord:
    """Record a change. Call it inside the transaction that makes the change."""
    return AuditRecord.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )
