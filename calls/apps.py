from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls for experts")

    def ready(self) -> None:
        from missions.signals import invitation_changed, mission_cancelled

        from . import rules  # noqa: F401 (declares the permissions)
        from .services import on_invitation_changed, on_mission_cancelled

        invitation_changed.connect(on_invitation_changed, dispatch_uid="calls.invitation_changed")
        mission_cancelled.connect(on_mission_cancelled, dispatch_uid="calls.mission_cancelled")
