"""Who may do what, by role. Object-level rules live in each domain app's ``rules.py`` and build
on these predicates."""

import rules

from .models import Role


@rules.predicate
def is_partner(user) -> bool:
    return user.is_authenticated and user.role == Role.PARTNER


@rules.predicate
def is_expert(user) -> bool:
    return user.is_authenticated and user.role == Role.EXPERT


@rules.predicate
def is_officer(user) -> bool:
    return user.is_authenticated and user.role == Role.OFFICER


@rules.predicate
def is_manager(user) -> bool:
    return user.is_authenticated and (user.role == Role.MANAGER or user.is_superuser)


is_programme_staff = is_officer | is_manager

# Managers keep the reference data and the accounts in the Django admin.
MANAGER_ADMIN_APPS = ("accounts", "reference", "cooperation", "experts")
for app_label in MANAGER_ADMIN_APPS:
    rules.add_perm(app_label, is_manager)
for perm in ("cooperation.view_request", "experts.view_expert"):  # read-only changelists
    rules.add_perm(perm, is_manager)
for model in ("user",):
    for action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{action}_{model}", is_manager)
for model in ("country", "thematicarea", "language"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reference.{action}_{model}", is_manager)
rules.add_perm("audit", is_manager)
rules.add_perm("audit.view_auditrecord", is_programme_staff)
