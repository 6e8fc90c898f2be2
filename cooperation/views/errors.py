"""Friendly error pages. The 500 and 503 pages render without context, so they cannot fail in
turn."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import csrf, defaults

# Seconds a client is asked to wait before trying again when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """500, or 503 "try again in a moment" when the database could not be reached (a restart, a
    lost connection): the request's transaction rolled back, so nothing was half-saved."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name="500.html")


def csrf_failure(request, reason=""):
    return csrf.csrf_failure(request, reason, template_name="403_csrf.html")
