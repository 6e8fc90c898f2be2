"""The call and application state machines: every status change of the two goes here.

Call: draft → published → closed. Staff publish (with at least one position and a deadline still
ahead) and close; the portal closes a call itself (actor ``None``) at its deadline, or when its
mission no longer recruits. Publishing queues the alerts to the experts the call fits.

Application: submitted → invited → selected | unsuccessful; submitted → unsuccessful; submitted →
withdrawn by the applicant; submitted | invited → cancelled when the mission is cancelled.
``invite``, ``select``, ``reject`` and ``cancel`` are the portal's (they follow the mission and
its invitations, see ``calls/services.py``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_programme_staff
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
    ],
)

APPLICATION_MACHINE = StateMachine(
    model=Application,
    transitions=[
        Transition("invite", gettext_lazy("Invite"), (A.SUBMITTED,), A.INVITED, allowed=is_system),
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
