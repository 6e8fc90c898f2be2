"""The e-mail delivery log for programme staff (officers and managers)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.redirects import redirect_local
from accounts.rules import is_programme_staff

from .. import selectors, services
from ..filters import DeliveryFilter
from ..models import Notification

PAGE_SIZE = 50


@role_required(is_programme_staff)
@require_GET
def delivery_log(request: HttpRequest) -> HttpResponse:
    filterset = DeliveryFilter(request.GET, queryset=selectors.deliveries_for_staff())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/staff/delivery_log.html",
        {
            "filter": filterset,
            "page_obj": page,
            "status_counts": selectors.delivery_status_counts(),
        },
    )


@role_required(is_programme_staff)
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk)
    if services.notification_email_retry(notification=notification):
        messages.success(request, _("The e-mail is queued to be sent again."))
    else:
        messages.info(request, _("This e-mail has not failed: there is nothing to send again."))
    return redirect_local(
        request, request.POST.get("next", ""), fallback="notifications:delivery_log"
    )
