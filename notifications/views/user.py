"""Pages of every signed-in user: their notifications and their e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.redirects import redirect_local

from .. import selectors, services
from ..catalogue import EVENTS
from ..forms import PreferenceForm
from ..models import NotificationPreference

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notifications_of(request.user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread_only": unread_only},
    )


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its object (from the portal or an e-mail), marking it read."""
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    return redirect_local(request, notification.url, fallback="notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return render(
            request,
            "notifications/includes/read_response.html",
            {"notification": notification},
        )
    return redirect_local(request, request.POST.get("next", ""), fallback="notifications:list")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = NotificationPreference(
        user=request.user, email_frequency=selectors.email_frequency_of(request.user)
    )
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            user=request.user, email_frequency=form.cleaned_data["email_frequency"]
        )
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("notifications:preferences")
    always_immediate = [event for event in EVENTS.values() if event.immediate]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "always_immediate": always_immediate},
    )
