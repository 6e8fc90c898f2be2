"""The meeting state machine: planned → closed, once.

Closing is taken by ``services.meeting_close``, which locks the meeting row first (so a double
click or two people closing at once close it once), applies the proposed decisions and then calls
``apply`` here, which writes the meeting's audit record.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_programme_staff
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed
from cooperation.services_staff import STAFF_REQUEST_TRANSITIONS
from cooperation.transitions import REQUEST_MACHINE

from .models import Meeting, MeetingStatus


def _guard_decisions_proposed(meeting: Meeting, actor) -> None:
    if not meeting.items.exclude(proposed_decision="").exists():
        raise TransitionNotAllowed(
            _("Propose a decision for at least one request on the agenda before closing.")
        )


MEETING_MACHINE = StateMachine(
    model=Meeting,
    transitions=[
        Transition(
            "close",
            gettext_lazy("Close the meeting"),
            (MeetingStatus.PLANNED,),
            MeetingStatus.CLOSED,
            allowed=is_programme_staff,
            guard=_guard_decisions_proposed,
        ),
    ],
)


def proposable_decisions(status: str) -> list[Transition]:
    """The request transitions staff may take from ``status``: the decisions a meeting proposes."""
    return [
        REQUEST_MACHINE.transitions[name]
        for name in STAFF_REQUEST_TRANSITIONS
        if status in REQUEST_MACHINE.transitions[name].sources
    ]


def decision_label(name: str) -> str:
    transition = REQUEST_MACHINE.transitions.get(name)
    return str(transition.label) if transition else name
