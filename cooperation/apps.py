from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Requests and actions")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .menus import user_changed

        user = get_user_model()
        post_save.connect(user_changed, sender=user, dispatch_uid="menus-user-saved")
        post_delete.connect(user_changed, sender=user, dispatch_uid="menus-user-deleted")
