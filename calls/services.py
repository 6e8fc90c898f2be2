"""Writes of the calls domain: calls and their positions, applications, alerts, and settling.

Services that touch applications lock the mission row first, then the call (the order of
``missions/services.py``: mission, expert, invitation), so an application and the invitation
that fills its position are serialised.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from audit.services import audit_record_create
from audit.statemachine import TransitionNotAllowed
from experts.models import Expert
from experts.rules import expert_can_be_invited
from experts.shortlist_applications import shortlist_entry_apply, shortlist_entry_unapply
from missions.models import Invitation, InvitationStatus, Mission, MissionStatus
from missions.selectors import expert_unavailability_reason
from reference.models import Language

from .models import (
    MOTIVATION_MAX_LENGTH,
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    Position,
)
from .notices import notice_call_fits
from .selectors import experts_fitting
from .transitions import APPLICATION_MACHINE, CALL_MACHINE, PUBLISHABLE_MISSION_STATES

# Alerts after publishing: at most this many experts per position, scoring at least this much.
ALERT_TOP_N = 10
ALERT_THRESHOLD = 0.5
PENDING_APPLICATIONS = (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED)


def _lock(mission_id: int, call_id: int | None = None) -> Call | None:
    Mission.objects.select_for_update().get(pk=mission_id)
    if call_id is None:
        return None
    return Call.objects.select_for_update().select_related("mission__action").get(pk=call_id)


# --- Calls and positions ------------------------------------------------------------------------


def call_create(
    *, mission: Mission, actor, deadline: datetime.datetime, introduction: str = ""
) -> Call:
    """A draft call for the mission (one per mission)."""
    with transaction.atomic():
        _lock(mission.pk)
        if Call.objects.filter(mission=mission).exists():
            raise ValidationError(_("This mission has a call for experts already."))
        if mission.status not in PUBLISHABLE_MISSION_STATES:
            raise ValidationError(
                _("The mission is “%(status)s”: it is no longer looking for experts.")
                % {"status": mission.get_status_display()}
            )
        call = Call.objects.create(
            mission=mission, deadline=deadline, introduction=introduction, created_by=actor
        )
        audit_record_create(target=call, actor=actor, action="create", to_state=call.status)
    return call


def call_update(*, call: Call, actor, deadline: datetime.datetime, introduction: str = "") -> Call:
    """Change a draft call's deadline and introduction (a deadline that passed before the call
    was published would otherwise block it for good)."""
    with transaction.atomic():
        call = _lock(call.mission_id, call.pk)
        if call.status != CallStatus.DRAFT:
            raise ValidationError(_("A call can be changed only while it is a draft."))
        call.deadline, call.introduction = deadline, introduction
        call.save(update_fields=["deadline", "introduction"])
        audit_record_create(target=call, actor=actor, action="update")
    return call


def position_add(
    *, call: Call, actor, fields: dict[str, Any], languages: Iterable[Language]
) -> Position:
    """Add a position to a draft call; its dates must fall within the mission's."""
    with transaction.atomic():
        call = _lock(call.mission_id, call.pk)
        if call.status != CallStatus.DRAFT:
            raise ValidationError(_("Positions can be changed only while the call is a draft."))
        mission = call.mission
        if fields["start_date"] < mission.start_date or fields["end_date"] > mission.end_date:
            raise ValidationError(
                _("The position's dates must fall within the mission's (%(start)s – %(end)s).")
                % {"start": mission.start_date.isoformat(), "end": mission.end_date.isoformat()}
            )
        position = Position.objects.create(call=call, **fields)
        position.languages.set(languages)
        audit_record_create(target=call, actor=actor, action="position_add", comment=str(position))
    return position


def position_remove(*, position: Position, actor) -> None:
    with transaction.atomic():
        call = _lock(position.call.mission_id, position.call_id)
        if call.status != CallStatus.DRAFT:
            raise ValidationError(_("Positions can be changed only while the call is a draft."))
        audit_record_create(
            target=call, actor=actor, action="position_remove", comment=str(position)
        )
        position.delete()


def call_transition(*, call: Call, name: str, actor, comment: str = "") -> Call:
    """Publish or close a call (staff)."""
    changes = {"published_at": timezone.now()} if name == "publish" else {}
    if name == "close":
        changes = {"closed_at": timezone.now()}
    with transaction.atomic():
        _lock(call.mission_id)
        return CALL_MACHINE.apply(call, name, actor=actor, comment=comment, changes=changes)


def call_end_for_cancelled_mission(*, mission: Mission) -> int:
    """The mission is cancelled: close its published call and end its pending applications,
    telling the applicants not yet invited, politely, once. Call under the mission's row lock;
    safe to run again (nothing pending is left). Returns how many applications ended."""
    call = Call.objects.filter(mission_id=mission.pk).first()
    if call is None:
        return 0
    reason = _("The mission has been cancelled.")
    if call.status == CallStatus.PUBLISHED:
        CALL_MACHINE.apply(
            call, "close", actor=None, comment=reason, changes={"closed_at": timezone.now()}
        )
    ended = 0
    for application in call.applications.filter(status__in=PENDING_APPLICATIONS).order_by("pk"):
        APPLICATION_MACHINE.apply(
            application,
            "cancel",
            actor=None,
            comment=reason,
            changes={"decided_at": timezone.now()},
        )
        ended += 1
    return ended


def on_mission_cancelled(sender, *, mission: Mission, **kwargs) -> None:
    """Receiver of ``missions.signals.mission_cancelled`` (inside the mission's row lock)."""
    call_end_for_cancelled_mission(mission=mission)


def calls_close_due() -> int:
    """Close the published calls past their deadline or whose mission stopped recruiting,
    settling first the positions the ``invitation_changed`` signal missed (those calls only: the
    signal settles positions as invitations are answered), and end the pending
    applications of cancelled missions (if the signal was missed). Safe to run again: a second
    run finds nothing due. Returns how many calls closed."""
    closed = 0
    due = Call.objects.filter(status=CallStatus.PUBLISHED).filter(
        Q(deadline__lte=timezone.now()) | ~Q(mission__status__in=PUBLISHABLE_MISSION_STATES)
    )
    for call in due.order_by("pk"):
        with transaction.atomic():
            _lock(call.mission_id)
            call.refresh_from_db(fields=["status"])
            if call.status != CallStatus.PUBLISHED:
                continue  # Closed by staff meanwhile.
            if call.mission.status != MissionStatus.CANCELLED:  # Its applications end below.
                positions_settle(mission=call.mission)
            CALL_MACHINE.apply(
                call,
                "close",
                actor=None,
                comment=_("The deadline to apply has passed.")
                if call.deadline <= timezone.now()
                else _("The mission no longer looks for experts."),
                changes={"closed_at": timezone.now()},
            )
            closed += 1
    cancelled = Application.objects.filter(
        status__in=PENDING_APPLICATIONS, call__mission__status=MissionStatus.CANCELLED
    )
    for mission_id in cancelled.values_list("call__mission_id", flat=True).distinct():
        with transaction.atomic():
            mission = Mission.objects.select_for_update().get(pk=mission_id)
            call_end_for_cancelled_mission(mission=mission)
    return closed


def call_alert(*, call: Call) -> int:
    """Tell the experts whom matching ranks best for a published call's positions (at most
    ``ALERT_TOP_N`` a position, each scoring ``ALERT_THRESHOLD`` or more) about it, once each.
    Returns how many experts were told."""
    if call.status != CallStatus.PUBLISHED:
        return 0
    applied = set(call.applications.values_list("expert_id", flat=True))
    fitting: dict[int, list[Position]] = defaultdict(list)
    for position in call.positions.select_related("theme").prefetch_related("languages"):
        for match in experts_fitting(position, limit=ALERT_TOP_N, threshold=ALERT_THRESHOLD):
            if match.expert_id not in applied:
                fitting[match.expert_id].append(position)
    experts = Expert.objects.filter(pk__in=fitting).select_related("user")
    with transaction.atomic():
        notice_call_fits(call, {expert: fitting[expert.pk] for expert in experts})
    return len(fitting)


# --- Applications -------------------------------------------------------------------------------


def _refusal(call: Call, position: Position, expert: Expert) -> str | None:
    """Why the expert cannot apply to the position now, or None."""
    if not expert_can_be_invited(expert):
        return _("Only approved experts can apply: complete your roster profile first.")
    if call.status != CallStatus.PUBLISHED:
        return _("This call is closed: it no longer takes applications.")
    if call.deadline <= timezone.now():
        return _("The deadline to apply (%(deadline)s) has passed.") % {
            "deadline": formats.date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")
        }
    if position.filled_at:
        return _("This position has been filled.")
    existing = call.applications.filter(expert=expert).exclude(status=ApplicationStatus.WITHDRAWN)
    existing = existing.first()
    if existing:
        return _("You have already applied to this call (%(position)s, %(status)s).") % {
            "position": existing.position,
            "status": existing.get_status_display().lower(),
        }
    reason = expert_unavailability_reason(
        expert=expert,
        start=position.start_date,
        end=position.end_date,
        exclude_mission_id=call.mission_id,
    )
    if reason:
        return _("You are not available for the position's dates: %(reason)s") % {"reason": reason}
    return None


def application_refusal(*, position: Position, expert: Expert) -> str | None:
    """What ``application_submit`` would refuse (for the form page), without locking."""
    return _refusal(position.call, position, expert)


def application_submit(
    *,
    position: Position,
    expert: Expert,
    actor,
    motivation: str,
    availability_confirmed: bool,
) -> Application:
    """Apply to a position: checked under the mission's and the call's row locks, so a second
    click, the deadline or the last place taken meanwhile get a clear refusal
    (``TransitionNotAllowed``). The expert joins the mission's shortlist as an application."""
    if not availability_confirmed:
        raise TransitionNotAllowed(_("Please confirm that you are available for these dates."))
    if not motivation.strip() or len(motivation) > MOTIVATION_MAX_LENGTH:
        raise TransitionNotAllowed(
            _("Write a motivation of at most %(count)d characters.")
            % {"count": MOTIVATION_MAX_LENGTH}
        )
    try:
        with transaction.atomic():
            call = _lock(position.call.mission_id, position.call_id)
            position = Position.objects.get(pk=position.pk)
            refusal = _refusal(call, position, expert)
            if refusal:
                raise TransitionNotAllowed(refusal)
            application = Application.objects.create(
                call=call,
                position=position,
                expert=expert,
                motivation=motivation.strip(),
                availability_confirmed=True,
            )
            audit_record_create(
                target=application, actor=actor, action="submit", to_state=application.status
            )
            shortlist_entry_apply(
                subject=call.mission,
                expert=expert,
                note=_("Applied as %(position)s: %(motivation)s")
                % {
                    "position": position,
                    "motivation": Truncator(application.motivation).chars(300),
                },
                actor=actor,
            )
    except IntegrityError as error:  # The same expert's other click won the race.
        raise TransitionNotAllowed(_("You have already applied to this call.")) from error
    return application


def application_withdraw(*, application: Application, actor) -> Application:
    with transaction.atomic():
        _lock(application.call.mission_id, application.call_id)
        withdrawn = APPLICATION_MACHINE.apply(
            application, "withdraw", actor=actor, changes={"decided_at": timezone.now()}
        )
        shortlist_entry_unapply(
            subject=application.call.mission,
            expert=application.expert,
            note=_("The expert withdrew the application."),
            actor=actor,
        )
    return withdrawn


# --- Following the mission's invitations ---------------------------------------------------------


def on_invitation_changed(sender, *, invitation: Invitation, **kwargs) -> None:
    """Receiver of ``missions.signals.invitation_changed`` (inside the mission's row lock):
    an invited applicant's application is marked invited (again, if it had been unsuccessful), an
    accepting one selected, and the positions the acceptance fills are settled; a released
    expert's application becomes unsuccessful and the positions the release opens are reopened."""
    application = (
        Application.objects.filter(call__mission_id=invitation.mission_id, expert=invitation.expert)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("call")
        .first()
    )
    if invitation.status == InvitationStatus.INVITED:
        if application and application.status in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNSUCCESSFUL,
        ):
            APPLICATION_MACHINE.apply(application, "invite", actor=None)
    elif invitation.status == InvitationStatus.ACCEPTED:
        if application and application.status in PENDING_APPLICATIONS:
            APPLICATION_MACHINE.apply(
                application, "select", actor=None, changes={"decided_at": timezone.now()}
            )
        positions_settle(mission=invitation.mission)
    elif invitation.status == InvitationStatus.WITHDRAWN:  # A release: pending ones send nothing.
        if application and application.status == ApplicationStatus.SELECTED:
            APPLICATION_MACHINE.apply(
                application,
                "release",
                actor=None,
                comment=_("The expert was released from the mission."),
                changes={"decided_at": timezone.now()},
            )
        positions_reopen(mission=Mission.objects.get(pk=invitation.mission_id))


def _filled(mission: Mission, call: Call) -> tuple[QuerySet[Invitation], set[int]]:
    """The mission's accepted invitations, and the ids of the call's positions they fill (enough
    accepted experts in the role, or the mission full)."""
    accepted = Invitation.objects.filter(mission=mission, status=InvitationStatus.ACCEPTED)
    mission_full = accepted.count() >= mission.experts_needed
    places = dict(
        call.positions.values("role").annotate(total=Sum("places")).values_list("role", "total")
    )
    taken = dict(accepted.values("role").annotate(total=Count("pk")).values_list("role", "total"))
    filled = {
        position_id
        for position_id, role in call.positions.values_list("pk", "role")
        if mission_full or taken.get(role, 0) >= places[role]
    }
    return accepted, filled


def positions_reopen(*, mission: Mission) -> list[Position]:
    """Unmark the mission's filled positions that no longer are (an accepted expert was
    released), and reopen the call if the portal had closed it because the mission no longer
    recruited, its deadline being still ahead. The applicants told "unsuccessful" meanwhile are
    told nothing (staff may invite them from the shortlist). Call under the mission's row lock."""
    call = Call.objects.filter(mission=mission).exclude(status=CallStatus.DRAFT).first()
    if call is None:
        return []
    filled = _filled(mission, call)[1]
    reopened = list(call.positions.filter(filled_at__isnull=False).exclude(pk__in=filled))
    for position in reopened:
        position.filled_at = None
        position.save(update_fields=["filled_at"])
        audit_record_create(
            target=call, actor=None, action="position_reopened", comment=str(position)
        )
    if reopened and CALL_MACHINE.can(call, "reopen", None):
        CALL_MACHINE.apply(
            call,
            "reopen",
            actor=None,
            comment=_("An expert was released: the call takes applications again."),
            changes={"closed_at": None},
        )
    return reopened


def positions_settle(*, mission: Mission) -> list[Position]:
    """Mark the mission's positions filled (enough accepted experts in the role, or the mission
    full) and tell their other applicants, politely, once. Call under the mission's row lock."""
    call = Call.objects.filter(mission=mission).exclude(status=CallStatus.DRAFT).first()
    if call is None:
        return []
    accepted, filled = _filled(mission, call)
    settled = []
    for position in call.positions.filter(filled_at__isnull=True, pk__in=filled):
        position.filled_at = timezone.now()
        position.save(update_fields=["filled_at"])
        audit_record_create(
            target=call, actor=None, action="position_filled", comment=str(position)
        )
        chosen = set(accepted.values_list("expert_id", flat=True))
        for application in position.applications.filter(status__in=PENDING_APPLICATIONS):
            name = "select" if application.expert_id in chosen else "reject"
            APPLICATION_MACHINE.apply(
                application,
                name,
                actor=None,
                comment=_("The position is filled."),
                changes={"decided_at": timezone.now()},
            )
        settled.append(position)
    return settled
