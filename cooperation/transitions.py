"""The request and action state machines: every status change of either goes through here.

Request: draft → submitted → in review → (information requested ⇄ in review) → accepted | rejected;
on hold and back; withdrawn by the partner before a decision.
Action: planned → in progress → completed → closed; on hold and back; cancelled.
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_programme_staff
from audit.statemachine import StateMachine, Transition, TransitionNotAllowed

from .models import Action, ActionStatus, Request, RequestStatus
from .references import reference_next
from .rules import can_edit_request_as_partner
from .signals import send_request_accepted

S = RequestStatus

REQUIRED_ON_SUBMIT = (
    "title",
    "context",
    "objectives",
    "expected_results",
    "target_groups",
    "modality",
    "period_start",
    "period_end",
    "expertise_sought",
)


def request_missing_sections(request: Request) -> list[str]:
    """Names of the fields a request needs before it can be submitted, in form order."""
    missing = [
        str(Request._meta.get_field(name).verbose_name)
        for name in REQUIRED_ON_SUBMIT
        if not getattr(request, name)
    ]
    if not request.themes.exists():
        missing.append(str(Request._meta.get_field("themes").verbose_name))
    if not request.capacity_levels:
        missing.append(str(Request._meta.get_field("capacity_levels").verbose_name))
    if not request.languages.exists():
        missing.append(str(Request._meta.get_field("languages").verbose_name))
    return missing


def _guard_complete(request: Request, actor) -> None:
    missing = request_missing_sections(request)
    if missing:
        raise TransitionNotAllowed(
            _("The request cannot be submitted yet. Please complete: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    if request.period_start and request.period_end and request.period_end < request.period_start:
        raise TransitionNotAllowed(_("The preferred period ends before it starts."))


def _guard_eligible_country(request: Request, actor) -> None:
    country = request.lead_institution.country
    if not (country.is_partner and country.is_eligible):
        raise TransitionNotAllowed(
            _("%(country)s is not an eligible partner country, so the request cannot be accepted.")
            % {"country": country.name}
        )


# Extra checks before acceptance that higher apps register (the consultation of stakeholders,
# for one): each returns a reason to refuse, or None.
ACCEPTANCE_CHECKS: list[Callable[[Request], str | None]] = []


def _guard_accept(request: Request, actor) -> None:
    _guard_eligible_country(request, actor)
    for check in ACCEPTANCE_CHECKS:
        reason = check(request)
        if reason:
            raise TransitionNotAllowed(reason)


REQUEST_MACHINE = StateMachine(
    model=Request,
    transitions=[
        Transition(
            "submit",
            gettext_lazy("Submit"),
            (S.DRAFT,),
            S.SUBMITTED,
            allowed=can_edit_request_as_partner,
            guard=_guard_complete,
        ),
        Transition(
            "start_review",
            gettext_lazy("Start review"),
            (S.SUBMITTED,),
            S.IN_REVIEW,
            allowed=is_programme_staff,
        ),
        Transition(
            "request_info",
            gettext_lazy("Ask for information"),
            (S.IN_REVIEW,),
            S.INFO_REQUESTED,
            allowed=is_programme_staff,
        ),
        Transition(
            "resubmit",
            gettext_lazy("Resubmit"),
            (S.INFO_REQUESTED,),
            S.IN_REVIEW,
            allowed=can_edit_request_as_partner,
            guard=_guard_complete,
        ),
        Transition(
            "put_on_hold",
            gettext_lazy("Put on hold"),
            (S.SUBMITTED, S.IN_REVIEW),
            S.ON_HOLD,
            allowed=is_programme_staff,
        ),
        Transition(
            "resume_review",
            gettext_lazy("Resume review"),
            (S.ON_HOLD,),
            S.IN_REVIEW,
            allowed=is_programme_staff,
        ),
        Transition(
            "accept",
            gettext_lazy("Accept"),
            (S.IN_REVIEW,),
            S.ACCEPTED,
            allowed=is_programme_staff,
            guard=_guard_accept,
            effects=(send_request_accepted,),
        ),
        Transition(
            "reject",
            gettext_lazy("Reject"),
            (S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.ON_HOLD),
            S.REJECTED,
            allowed=is_programme_staff,
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw"),
            (S.SUBMITTED, S.IN_REVIEW, S.INFO_REQUESTED, S.ON_HOLD),
            S.WITHDRAWN,
            allowed=can_edit_request_as_partner,
        ),
    ],
)


def request_transition(
    request: Request, name: str, *, actor, comment: str = "", changes: dict | None = None
) -> Request:
    """Apply a request transition, filling in what each one records (reference, dates)."""
    changes = dict(changes or {})
    now = timezone.now()
    if name == "submit":
        changes.setdefault("submitted_at", now)
        if not request.reference:
            changes["reference"] = reference_next(prefix="REQ")
    elif name in ("accept", "reject"):
        changes.setdefault("decided_at", now)
    return REQUEST_MACHINE.apply(request, name, actor=actor, comment=comment, changes=changes)


A = ActionStatus

# Checks before an action can be completed that higher apps register (all missions closed).
COMPLETION_CHECKS: list[Callable[[Action], str | None]] = []


def _guard_completion(action: Action, actor) -> None:
    for check in COMPLETION_CHECKS:
        reason = check(action)
        if reason:
            raise TransitionNotAllowed(reason)


ACTION_MACHINE = StateMachine(
    model=Action,
    transitions=[
        Transition(
            "start", gettext_lazy("Start"), (A.PLANNED,), A.IN_PROGRESS, allowed=is_programme_staff
        ),
        Transition(
            "put_on_hold",
            gettext_lazy("Put on hold"),
            (A.PLANNED, A.IN_PROGRESS),
            A.ON_HOLD,
            allowed=is_programme_staff,
        ),
        Transition(
            "resume",
            gettext_lazy("Resume"),
            (A.ON_HOLD,),
            A.IN_PROGRESS,
            allowed=is_programme_staff,
        ),
        Transition(
            "complete",
            gettext_lazy("Complete"),
            (A.IN_PROGRESS,),
            A.COMPLETED,
            allowed=is_programme_staff,
            guard=_guard_completion,
        ),
        Transition(
            "close", gettext_lazy("Close"), (A.COMPLETED,), A.CLOSED, allowed=is_programme_staff
        ),
        Transition(
            "cancel",
            gettext_lazy("Cancel"),
            (A.PLANNED, A.IN_PROGRESS, A.ON_HOLD),
            A.CANCELLED,
            allowed=is_programme_staff,
        ),
    ],
)
