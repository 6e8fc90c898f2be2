from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions")

    def ready(self) -> None:
        from cooperation.transitions import COMPLETION_CHECKS

        from .services import action_missions_open_reason

        # An action is completed only when each of its missions is closed or cancelled.
        if action_missions_open_reason not in COMPLETION_CHECKS:
            COMPLETION_CHECKS.append(action_missions_open_reason)
