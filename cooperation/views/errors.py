"""Friendly error pages. The 500 page renders without context, so it cannot fail in turn."""

from django.views import csrf, defaults


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    return defaults.server_error(request, template_name="500.html")


def csrf_failure(request, reason=""):
    return csrf.csrf_failure(request, reason, template_name="403_csrf.html")
