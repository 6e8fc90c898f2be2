"""Pages every logged-in audience uses: the missions calendar and report attachments."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from uploads.responses import attachment_response

from ..calendar import CalendarEvent, ics_calendar
from ..models import Mission, MissionStatus, ReportAttachment
from ..selectors import missions_for_calendar, reports_visible_to
from ..tokens import calendar_token, calendar_user_id

MISSION_PAGE_BY_ROLE = {
    Role.PARTNER: "missions:partner_mission",
    Role.EXPERT: "missions:expert_report",
    Role.OFFICER: "missions:staff_mission",
    Role.MANAGER: "missions:staff_mission",
}


@login_required
def calendar_page(request):
    feed_path = reverse("missions:calendar_feed", args=[calendar_token(request.user)])
    return render(
        request,
        "missions/calendar.html",
        {
            "feed_url": request.build_absolute_uri(feed_path),
            "missions": missions_for_calendar(request.user),
        },
    )


def _event_status(mission: Mission) -> str:
    if mission.status == MissionStatus.CANCELLED:
        return "CANCELLED"
    if mission.status in (MissionStatus.DRAFT, MissionStatus.RECRUITING):
        return "TENTATIVE"
    return "CONFIRMED"


def _calendar_response(user: User, *, as_download: bool) -> HttpResponse:
    page = MISSION_PAGE_BY_ROLE[user.role]
    host = settings.PORTAL_BASE_URL.split("://", 1)[-1]
    events = [
        CalendarEvent(
            uid=f"mission-{mission.pk}@{host}",
            first_day=mission.start_date,
            last_day=mission.end_date,
            summary=f"{mission.title} ({mission.reference})",
            location=mission.location,
            description=f"{mission.get_activity_type_display()}\n{mission.action.title}",
            url=f"{settings.PORTAL_BASE_URL}{reverse(page, args=[mission.pk])}",
            status=_event_status(mission),
            last_modified=mission.updated_at,
        )
        for mission in missions_for_calendar(user)
    ]
    body = ics_calendar(name=_("Missions – %(name)s") % {"name": user.full_name}, events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if as_download:
        response["Content-Disposition"] = 'attachment; filename="missions.ics"'
    return response


@login_required
def calendar_download(request):
    return _calendar_response(request.user, as_download=True)


def calendar_feed(request, token: str):
    """The feed calendar applications subscribe to: the signed token stands for the login."""
    user_id = calendar_user_id(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    return _calendar_response(user, as_download=False)


@login_required
def report_attachment(request, pk: int):
    """A report's attachment, for staff and for the expert who wrote the report."""
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(report__in=reports_visible_to(request.user)), pk=pk
    )
    return attachment_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )
