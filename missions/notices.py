"""The notifications the missions domain sends (through ``notifications.services.notify``).

Each function words one event for its recipients; the notifications app delivers it in the portal
and by e-mail after the transaction commits. Keys make each event count once per recipient.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from notifications.services import notify

from .models import Invitation, InvitationStatus, Mission, MissionReport, MissionStatus
from .selectors import mission_confirmed_invitations, mission_officers, mission_partner_users
from .tokens import ACCEPT, DECLINE, invitation_token


def absolute_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def invitation_link(invitation: Invitation, answer: str) -> str:
    """The signed link that lets the expert answer from the e-mail (they confirm once logged in)."""
    token = invitation_token(invitation, answer)
    return absolute_url(reverse("missions:invitation_link", args=[token, answer]))


def _period(mission: Mission) -> str:
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(mission.start_date, "DATE_FORMAT"),
        "end": formats.date_format(mission.end_date, "DATE_FORMAT"),
    }


def _stamp(mission: Mission) -> str:
    return str(int(mission.updated_at.timestamp()))


def notice_expert_invited(invitation: Invitation) -> None:
    mission = invitation.mission
    deadline = formats.date_format(invitation.deadline, "DATETIME_FORMAT")
    body = "\n\n".join(
        [
            _(
                "You are invited to take part as %(role)s in %(mission)s (%(type)s, %(location)s, "
                "%(period)s)."
            )
            % {
                "role": invitation.get_role_display().lower(),
                "mission": mission,
                "type": mission.get_activity_type_display(),
                "location": mission.location,
                "period": _period(mission),
            },
            _("Please answer by %(deadline)s.") % {"deadline": deadline},
            _("Accept: %(url)s") % {"url": invitation_link(invitation, ACCEPT)},
            _("Decline: %(url)s") % {"url": invitation_link(invitation, DECLINE)},
            _(
                "Each link works once, until the deadline, and asks you to confirm after logging "
                "in. You can also answer from your invitations in the portal."
            ),
        ]
    )
    notify(
        event="expert_invited",
        key=f"expert-invited:{invitation.pk}",
        recipients=[invitation.expert.user],
        title=_("Invitation: %(mission)s") % {"mission": mission.title},
        body=body,
        url=reverse("missions:expert_invitation", args=[invitation.pk]),
    )


def notice_invitation_answered(invitation: Invitation) -> None:
    mission = invitation.mission
    expert = invitation.expert.user.full_name
    if invitation.status == InvitationStatus.ACCEPTED:
        title = _("%(expert)s accepted %(mission)s") % {"expert": expert, "mission": mission.title}
    elif invitation.status == InvitationStatus.DECLINED:
        title = _("%(expert)s declined %(mission)s") % {"expert": expert, "mission": mission.title}
    else:
        title = _("%(expert)s did not answer in time for %(mission)s") % {
            "expert": expert,
            "mission": mission.title,
        }
    recipients = [invitation.invited_by] if invitation.invited_by else mission_officers(mission)
    notify(
        event="invitation_answered",
        key=f"invitation-answered:{invitation.pk}:{invitation.status}",
        recipients=recipients,
        title=title,
        body=invitation.response_reason,
        url=reverse("missions:staff_mission", args=[mission.pk]),
    )


def notice_invitation_withdrawn(invitation: Invitation, reason: str) -> None:
    mission = invitation.mission
    notify(
        event="invitation_withdrawn",
        key=f"invitation-withdrawn:{invitation.pk}",
        recipients=[invitation.expert.user],
        title=_("Invitation withdrawn: %(mission)s") % {"mission": mission.title},
        body=reason,
        url=reverse("missions:expert_invitation", args=[invitation.pk]),
    )


def notice_mission_staffed(mission: Mission) -> None:
    experts = [i.expert.user for i in mission_confirmed_invitations(mission)]
    names = ", ".join(user.full_name for user in experts)
    key = f"mission-staffed:{mission.pk}:{_stamp(mission)}"
    title = _("%(mission)s is staffed") % {"mission": mission.title}
    body = _("The experts of the mission (%(period)s): %(names)s.") % {
        "period": _period(mission),
        "names": names,
    }
    notify(
        event="mission_staffed",
        key=key,
        recipients=mission_officers(mission),
        title=title,
        body=body,
        url=reverse("missions:staff_mission", args=[mission.pk]),
    )
    notify(
        event="mission_staffed",
        key=key,
        recipients=mission_partner_users(mission),
        title=title,
        body=body,
        url=reverse("missions:partner_mission", args=[mission.pk]),
    )
    notify(
        event="mission_staffed",
        key=key,
        recipients=experts,
        title=title,
        body=body,
        url=reverse("missions:expert_list"),
    )


def notice_mission_changed(mission: Mission, *, summary: str) -> None:
    """Tell the invited and confirmed experts and the partners that the mission changed or was
    cancelled; ``summary`` says what."""
    key = f"mission-changed:{mission.pk}:{mission.status}:{_stamp(mission)}"
    title = (
        _("Cancelled: %(mission)s")
        if mission.status == MissionStatus.CANCELLED
        else _("Changed: %(mission)s")
    ) % {"mission": mission.title}
    experts = [
        invitation.expert.user
        for invitation in mission.invitations.filter(
            status__in=(InvitationStatus.INVITED, InvitationStatus.ACCEPTED)
        )
        .select_related("expert__user")
        .order_by("pk")
    ]
    notify(
        event="mission_changed",
        key=key,
        recipients=experts,
        title=title,
        body=summary,
        url=reverse("missions:expert_list"),
    )
    if mission.status != MissionStatus.DRAFT:
        notify(
            event="mission_changed",
            key=key,
            recipients=mission_partner_users(mission),
            title=title,
            body=summary,
            url=reverse("missions:partner_mission", args=[mission.pk]),
        )


def notice_report_returned(report: MissionReport, comment: str) -> None:
    notify(
        event="report_returned",
        key=f"report-returned:{report.pk}:{int(report.reviewed_at.timestamp())}",
        recipients=[report.expert.user],
        title=_("Your report on %(mission)s needs changes") % {"mission": report.mission.title},
        body=comment,
        url=reverse("missions:expert_report", args=[report.mission_id]),
    )


def notice_feedback_due(mission: Mission) -> None:
    notify(
        event="feedback_due",
        key=f"feedback-due:{mission.pk}",
        recipients=mission_partner_users(mission),
        title=_("How was %(mission)s?") % {"mission": mission.title},
        body=_(
            "The mission has taken place. Please tell us how relevant, expert, well organised and "
            "useful it was: your feedback helps us choose experts for the next missions."
        ),
        url=reverse("missions:partner_mission", args=[mission.pk]),
    )
