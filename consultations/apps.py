from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultation of stakeholders")

    def ready(self) -> None:
        from cooperation.selectors_staff import EVENT_TITLES
        from cooperation.transitions import ACCEPTANCE_CHECKS

        from . import rules  # noqa: F401 (registers the permissions)
        from .services import request_objection_reason

        # A request is accepted only when no stakeholder objects, or a manager overrode it.
        if request_objection_reason not in ACCEPTANCE_CHECKS:
            ACCEPTANCE_CHECKS.append(request_objection_reason)
        # The titles of the consultation's entries on the request's timeline (staff only: they
        # carry no status change, so partners never see them).
        EVENT_TITLES.setdefault("consultation_sent", _("Consultation sent to stakeholders"))
        EVENT_TITLES.setdefault("consultation_answer", _("Stakeholder answered the consultation"))
        EVENT_TITLES.setdefault("consultation_silence", _("No answer by the deadline"))
        EVENT_TITLES.setdefault("consultation_overridden", _("Objection overridden by a manager"))
        EVENT_TITLES.setdefault("consultation_resent", _("Consultation e-mail sent again"))
        EVENT_TITLES.setdefault("consultation_closed", _("Consultation closed before its deadline"))
