from django.contrib import admin
from django.contrib.auth.decorators import login_required

from audit.services import audit_record_create

from .models import User

# The admin has no login page of its own: visitors go through the portal's login, so that the
# lockout after failed attempts and the staff's second step apply there too.
admin.site.login = login_required(admin.site.login)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "full_name", "role", "email_verified", "is_active", "date_joined")
    list_filter = ("role", "email_verified", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    fields = (
        "email",
        "full_name",
        "role",
        "email_verified",
        "is_active",
        "date_joined",
        "last_login",
    )
    readonly_fields = ("date_joined", "last_login")

    def save_model(self, request, obj, form, change) -> None:
        """A new role and an account switched on or off leave an audit record (same transaction:
        the admin saves inside one)."""
        previous_role = form.initial.get("role", "") if change else ""
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data:
            audit_record_create(
                target=obj,
                actor=request.user,
                action="role_change",
                from_state=previous_role,
                to_state=obj.role,
            )
        if change and "is_active" in form.changed_data:
            audit_record_create(
                target=obj,
                actor=request.user,
                action="account_activate" if obj.is_active else "account_deactivate",
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Accounts are deactivated, never deleted: audit records point at them.
