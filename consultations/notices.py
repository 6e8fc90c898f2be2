"""What the programme team is told about a consultation (through the notifications catalogue)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notify


def notice_answered(addressee, answer) -> None:
    """Tell the sender of the consultation and the request's officer that a stakeholder answered."""
    consultation = addressee.consultation
    request = consultation.request
    recipients = [user for user in (consultation.sent_by, request.assigned_officer) if user]
    if not recipients:
        return
    notify(
        event="consultation_answered",
        key=f"consultation-answer:{answer.pk}",
        recipients=recipients,
        title=_("%(organisation)s answered the consultation on %(reference)s: %(answer)s")
        % {
            "organisation": addressee.organisation,
            "reference": request.reference,
            "answer": answer.get_status_display(),
        },
        body=answer.text,
        url=reverse("cooperation:staff_request_detail", args=[request.pk]) + "#consultation",
    )
