"""The consultation panel of the staff request page:
``{% load consultations_tags %}{% request_consultations req %}``."""

from django import template

from accounts.rules import is_manager, is_programme_staff

from ..forms import OverrideForm
from ..models import AnswerStatus, ConsultationStatus
from ..selectors import consultations_of
from ..services import CONSULTABLE_STATES, addressee_resend_refusal, request_objection_reason

register = template.Library()


@register.inclusion_tag("consultations/staff/panel.html", takes_context=True)
def request_consultations(context, req) -> dict:
    user = context["request"].user
    if not is_programme_staff(user):
        return {"visible": False}
    consultations = consultations_of(req)
    for consultation in consultations:
        consultation.has_objection = any(
            addressee.status == AnswerStatus.OBJECTION
            for addressee in consultation.addressees.all()
        )
        consultation.can_close_now = consultation.status == ConsultationStatus.OPEN
        for addressee in consultation.addressees.all():
            addressee.consultation = consultation  # read the status once, not per stakeholder
            addressee.can_resend = addressee_resend_refusal(addressee) is None
    return {
        "visible": True,
        "req": req,
        "consultations": consultations,
        "blocking": request_objection_reason(req),
        "can_send": req.status in CONSULTABLE_STATES
        and not any(c.status == ConsultationStatus.OPEN for c in consultations),
        "can_override": is_manager(user),
        "override_form": OverrideForm(),
    }
