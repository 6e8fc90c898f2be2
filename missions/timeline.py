"""A mission's timeline for staff: its own audit records and those of its invitations and
reports, oldest first, as the entries of the shared ``cooperation/partials/timeline.html``.

Kept apart from ``selectors`` because it reads the transition labels, and ``transitions``
itself reads ``selectors``.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditRecord
from audit.selectors import audit_records_for
from audit.statemachine import StateMachine
from cooperation.selectors_staff import TimelineEntry

from .models import Invitation, Mission, MissionReport
from .transitions import INVITATION_MACHINE, MISSION_MACHINE, REPORT_MACHINE

EVENT_TITLES = {
    "create": gettext_lazy("Mission created"),
    "edit": gettext_lazy("Plan changed"),
    "feedback": gettext_lazy("Partner feedback given"),
    "feedback_edit": gettext_lazy("Partner feedback changed"),
}


def _entry(record: AuditRecord, machine: StateMachine, subject: str = "") -> TimelineEntry:
    transition = machine.transitions.get(record.action)
    if transition and record.from_state:
        title = _("%(action)s: %(from)s → %(to)s") % {
            "action": transition.label,
            "from": machine.state_label(record.from_state),
            "to": machine.state_label(record.to_state),
        }
        kind = "status"
    else:
        title, kind = str(EVENT_TITLES.get(record.action, record.action)), "event"
    if subject:
        title = f"{subject} – {title}"
    return TimelineEntry(
        when=record.created_at, actor=record.actor, title=title, body=record.comment, kind=kind
    )


def _records_of(model, subjects: dict[str, str], machine: StateMachine) -> list[TimelineEntry]:
    records = AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(subjects)
    ).select_related("actor")
    return [_entry(record, machine, subjects[record.object_id]) for record in records]


def mission_timeline(mission: Mission) -> list[TimelineEntry]:
    invitations = {
        str(invitation.pk): invitation.expert.user.full_name
        for invitation in mission.invitations.select_related("expert__user")
    }
    reports = {
        str(report.pk): _("Report by %(expert)s") % {"expert": report.expert.user.full_name}
        for report in mission.reports.select_related("expert__user")
    }
    entries = [_entry(record, MISSION_MACHINE) for record in audit_records_for(mission)]
    entries += _records_of(Invitation, invitations, INVITATION_MACHINE)
    entries += _records_of(MissionReport, reports, REPORT_MACHINE)
    return sorted(entries, key=lambda entry: entry.when)
