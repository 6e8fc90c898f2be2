"""Reminders about requests, run by Celery beat (``CELERY_BEAT_SCHEDULE`` in settings.py).

Imported by the worker through ``CELERY_IMPORTS``. Each reminder's key contains the ISO week, so
a request still waiting gets one reminder a week, however often the task runs.
"""

from datetime import datetime, timedelta

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.models import AuditRecord
from notifications.services import notify
from partners.models import Membership, MembershipRole, MembershipStatus

from .models import Request, RequestStatus

INFORMATION_REMINDER_AFTER = timedelta(days=7)


def week_of(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def requests_awaiting_information(*, now: datetime) -> QuerySet[Request]:
    """Requests whose last request for information is older than INFORMATION_REMINDER_AFTER,
    with ``information_requested_at`` and the lead institution's active focal points."""
    asked = (
        AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Request),
            object_id=Cast(OuterRef("pk"), CharField()),
            action="request_info",
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    focal_points = Membership.objects.filter(
        role=MembershipRole.FOCAL_POINT, status=MembershipStatus.ACTIVE, user__is_active=True
    ).select_related("user")
    return (
        Request.objects.filter(status=RequestStatus.INFO_REQUESTED)
        .annotate(information_requested_at=Subquery(asked))
        .filter(information_requested_at__lte=now - INFORMATION_REMINDER_AFTER)
        .select_related("submitted_by", "lead_institution")
        .prefetch_related(
            Prefetch("lead_institution__memberships", focal_points, to_attr="focal_points")
        )
    )


@shared_task(name="cooperation.remind_information_requested")
def remind_information_requested() -> int:
    """Remind the partner of each request that waits for their answer for more than 7 days."""
    now = timezone.now()
    sent = 0
    for request in requests_awaiting_information(now=now):
        recipients = [
            request.submitted_by,
            *(membership.user for membership in request.lead_institution.focal_points),
        ]
        sent += len(
            notify(
                event="information_reminder",
                key=f"information-reminder:{request.pk}:{week_of(now)}",
                recipients=recipients,
                title=_("%(reference)s still waits for your answer")
                % {"reference": request.reference},
                body=_(
                    "On %(date)s the programme asked for more information about “%(title)s”. "
                    "The review continues once you answer."
                )
                % {
                    "date": formats.date_format(
                        timezone.localtime(request.information_requested_at), "DATE_FORMAT"
                    ),
                    "title": request.title,
                },
                url=reverse("cooperation:partner_request_detail", kwargs={"pk": request.pk}),
            )
        )
    return sent
