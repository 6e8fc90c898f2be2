"""Readable references (``REQ-2026-0042``), numbered per prefix and year."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ReferenceCounter


def reference_next(*, prefix: str) -> str:
    """The next reference for ``prefix`` this year.

    The counter row is locked by the update, so concurrent submissions get distinct numbers; a
    rolled-back transaction gives its number back, and a gap would be harmless anyway.
    """
    key = f"{prefix}-{timezone.localdate().year}"
    with transaction.atomic():
        if not ReferenceCounter.objects.filter(key=key).update(last_value=F("last_value") + 1):
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(key=key, last_value=1)
            except IntegrityError:  # Another transaction created it first.
                ReferenceCounter.objects.filter(key=key).update(last_value=F("last_value") + 1)
        value = ReferenceCounter.objects.get(key=key).last_value
    return f"{key}-{value:04d}"
