from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors
from .tasks import record_heartbeat


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for deployment and load scripts: no login, no session, no HTML."""
    if selectors.database_is_up():
        return JsonResponse({"database": "ok"})
    return JsonResponse({"database": "unavailable"}, status=503)


@login_required
@require_http_methods(["GET", "POST"])
def system_status(request: HttpRequest) -> HttpResponse:
    """Managers see the database, how tasks run, and when a worker last answered."""
    if not request.user.has_perm("health.view_status"):
        raise PermissionDenied
    if request.method == "POST":
        record_heartbeat.delay_on_commit()
        messages.success(
            request,
            _("A heartbeat task is queued. Reload this page in a moment to see the answer."),
        )
        return redirect("health:system_status")
    return render(request, "health/system_status.html", {"status": selectors.system_status()})
