"""The notifications the calls domain sends (through ``notifications.services.notify``)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.services import notify

from .models import Application, Call


def _local_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def notice_call_fits(call: Call, experts_positions: dict) -> None:
    """Tell each expert (``{expert: [positions]}``) that the new call fits their profile."""
    mission = call.mission
    for expert, positions in experts_positions.items():
        notify(
            event="call_fits_profile",
            key=f"call-fits-{call.pk}-{expert.pk}",
            recipients=[expert.user],
            title=_("A new call for experts fits your profile: %(mission)s")
            % {"mission": mission.title},
            body="\n".join(
                [
                    _("Positions: %(positions)s.")
                    % {"positions": "; ".join(str(position) for position in positions)},
                    _("Apply by %(deadline)s.") % {"deadline": _local_datetime(call.deadline)},
                ]
            ),
            url=reverse("calls:detail", args=[call.pk]),
        )


def _notice_not_taken_further(application: Application, *, event: str, why: str) -> None:
    """Thank an applicant, once per application and event, and say ``why`` it stops there."""
    mission = application.call.mission
    names = {"position": application.position, "mission": mission.title}
    notify(
        event=event,
        key=f"{event.replace('_', '-')}-{application.pk}",
        recipients=[application.expert.user],
        title=_("Your application for %(mission)s") % {"mission": mission.title},
        body=_("Thank you for applying as %(position)s for %(mission)s.") % names
        + " "
        + why
        + " "
        + _("We value your interest and hope to work with you on another mission soon."),
        url=reverse("calls:my_applications"),
    )


def notice_mission_cancelled(application: Application) -> None:
    """Tell an applicant, politely and once, that the mission of the call was cancelled."""
    _notice_not_taken_further(
        application,
        event="call_mission_cancelled",
        why=_(
            "The mission has been cancelled, so the call is closed and we cannot take your "
            "application further."
        ),
    )


def notice_application_unsuccessful(application: Application) -> None:
    _notice_not_taken_further(
        application,
        event="call_application_unsuccessful",
        why=_(
            "The position has now been filled, so we cannot take your application further "
            "this time."
        ),
    )
