from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Expert roster")

    def ready(self) -> None:
        from cooperation.signals import request_accepted

        from .shortlists import shortlist_on_request_accepted

        request_accepted.connect(
            shortlist_on_request_accepted, dispatch_uid="experts.shortlist_on_request_accepted"
        )
