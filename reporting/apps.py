from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Programme reporting: dashboards, exports and the public figures. An interface app: it reads
    every domain app and owns no models; no app imports it."""

    name = "reporting"
    verbose_name = _("Programme reporting")
