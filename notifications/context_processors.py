from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """``unread_notifications`` for the bell: one COUNT query, run only if a template shows it."""
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request.user))}
