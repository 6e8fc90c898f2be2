from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditRecord


def audit_record_build(
    *,
    target: models.Model,
    actor: Any,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditRecord:
    """A record of a change, not saved yet (for ``bulk_create`` when a change touches many rows)."""
    return AuditRecord(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


def audit_record_create(**fields: Any) -> AuditRecord:
    """Record a change (``audit_record_build``'s fields). Call it inside the transaction that
    makes the change."""
    record = audit_record_build(**fields)
    record.save()
    return record
