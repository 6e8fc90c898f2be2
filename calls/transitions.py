"""The call and application state machines: every status change of the two goes here.

Call: draft → published → closed. Staff publish (with at least one position and a deadline still
ahead) and close; the portal closes a call itself (actor ``None``) at its deadline, or when its
mission no longer recruits. Publishing queues the alerts to the experts the call fits. The
portal reopens a call it closed itself (``reopen``) when the mission recruits again, after an
accepted expert was released, while the deadline is still ahead; a call staff closed stays closed.

Application: submitted → invited → selected | unsuccessful; submitted → unsuccessful; submitted →
withdrawn by the applicant; submitted | invited → cancelled when the mission is cancelled;
selected → unsuccessful when the expert is released (``release``); unsuccessful → invited when
staff invite the applicant after all (a position filled, then reopened). ``invite``, ``select``,
``reject``, ``release`` and ``cancel`` are the portal's (they follow the mission and its
invitations, see ``calls/services.py``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_programme_staff
from audit.selectors import audit_records_for
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed
from missions.models import InvitationStatus, MissionStatus
from missions.rules import is_system

from . import tasks
from .models import Application, ApplicationStatus, Call, CallStatus
from .notices import notice_application_unsuccessful, notice_mission_cancelled
from .rules import is_applicant

C = CallStatus
A = ApplicationStatus

# A call can be published while its mission is being planned or recruits.
PUBLISHABLE_MISSION_STATES = (MissionStatus.DRAFT, MissionStatus.RECRUITING)


def _guard_publish(call: Call, actor) -> None:
    if call.mission.status not in PUBLISHABLE_MISSION_STATES:
        raise TransitionNotAllowed(
            _("The mission is “%(status)s”: it is no longer looking for experts.")
            % {"status": call.mission.get_status_display()}
        )
    if not call.positions.exists():
        raise TransitionNotAllowed(_("Add at least one position before publishing the call."))
    if call.deadline <= timezone.now():
        raise TransitionNotAllowed(_("The deadline to apply has passed: choose a later one."))


def _closed_by_portal(call: Call) -> bool:
    """Whether the call's last closing was the portal's (deadline, mission no longer
    recruiting), not staff's."""
    last_close = audit_records_for(call).filter(action="close").last()
    return last_close is not None and last_close.actor_id is None


def _guard_reopen(call: Call, actor) -> None:
    if call.mission.status != MissionStatus.RECRUITING:
        raise TransitionNotAllowed(_("The mission is not recruiting."))
    if call.deadline <= timezone.now():
        raise TransitionNotAllowed(_("The deadline to apply has passed."))
    if not _closed_by_portal(call):
        raise TransitionNotAllowed(_("Staff closed this call."))
    if not call.positions.filter(filled_at__isnull=True).exists():
        raise TransitionNotAllowed(_("Every position is filled."))


def _effect_published(call: Call, actor, comment: str) -> None:
    tasks.call_alert_task.delay_on_commit(call_id=call.pk)


def _guard_withdraw(application: Application, actor) -> None:
    if application.call.status != C.PUBLISHED:
        raise TransitionNotAllowed(
            _("The call is closed: staff are choosing among the applications.")
        )


def _heard_from_mission(application: Application) -> bool:
    """An applicant who was invited heard from the mission already (invitation withdrawn,
    declined or expired); the others are told by the calls app, politely, once."""
    invited = application.expert.invitations.filter(mission_id=application.call.mission_id)
    return invited.exclude(status=InvitationStatus.SHORTLISTED).exists()


def _effect_unsuccessful(application: Application, actor, comment: str) -> None:
    if not _heard_from_mission(application):
        notice_application_unsuccessful(application)


def _guard_mission_cancelled(application: Application, actor) -> None:
    if application.call.mission.status != MissionStatus.CANCELLED:
        raise TransitionNotAllowed(_("The mission is not cancelled."))


def _effect_cancelled(application: Application, actor, comment: str) -> None:
    if not _heard_from_mission(application):
        notice_mission_cancelled(application)


CALL_MACHINE = StateMachine(
    model=Call,
    transitions=[
        Transition(
            "publish",
            gettext_lazy("Publish the call"),
            (C.DRAFT,),
            C.PUBLISHED,
            allowed=is_programme_staff,
            guard=_guard_publish,
            effects=(_effect_published,),
        ),
        Transition(
            "close",
            gettext_lazy("Close the call"),
            (C.PUBLISHED,),
            C.CLOSED,
            allowed=is_system | is_programme_staff,
        ),
        Transition(
            "reopen",
            gettext_lazy("Reopen the call"),
            (C.CLOSED,),
            C.PUBLISHED,
            allowed=is_system,
            guard=_guard_reopen,
        ),
    ],
)

APPLICATION_MACHINE = StateMachine(
    model=Application,
    transitions=[
        Transition(
            "invite",
            gettext_lazy("Invite"),
            (A.SUBMITTED, A.UNSUCCESSFUL),
            A.INVITED,
            allowed=is_system,
        ),
        Transition(
            "select",
            gettext_lazy("Select"),
            (A.SUBMITTED, A.INVITED),
            A.SELECTED,
            allowed=is_system,
        ),
        Transition(
            "reject",
            gettext_lazy("Mark as unsuccessful"),
            (A.SUBMITTED, A.INVITED),
            A.UNSUCCESSFUL,
            allowed=is_system,
            effects=(_effect_unsuccessful,),
        ),
        Transition(
            # The expert heard from the mission (the release notice): no notice here.
            "release",
            gettext_lazy("Released from the mission"),
            (A.SELECTED,),
            A.UNSUCCESSFUL,
            allowed=is_system,
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw the application"),
            (A.SUBMITTED,),
            A.WITHDRAWN,
            allowed=is_applicant,
            guard=_guard_withdraw,
        ),
        Transition(
            "cancel",
            gettext_lazy("End: the mission is cancelled"),
            (A.SUBMITTED, A.INVITED),
            A.CANCELLED,
            allowed=is_system,
            guard=_guard_mission_cancelled,
            effects=(_effect_cancelled,),
        ),
    ],
)
