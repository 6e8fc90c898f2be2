"""The demo logins, one per role, printed by ``make run``."""

from accounts.models import Role, User

DEMO_PASSWORD = "cooperation-demo-2026"

DEMO_USERS = [
    # (e-mail, full name, role, what they can try)
    (
        "manager@demo.example",
        "Margarida Alves",
        Role.MANAGER,
        "programme manager: everything officers do, plus vetting, reference data and the admin",
    ),
    (
        "officer@demo.example",
        "Lukas Meyer",
        Role.OFFICER,
        "programme officer: triage requests, plan actions and missions, invite experts",
    ),
    (
        "partner@demo.example",
        "Jelena Vuković",
        Role.PARTNER,
        "focal point of the Ministry of Health of Montenegro: submit and follow requests",
    ),
    (
        "expert@demo.example",
        "Claude Weber",
        Role.EXPERT,
        "approved expert from Luxembourg (health insurance): answer invitations, report",
    ),
]


def seed_demo_users() -> dict[str, User]:
    users = {}
    for email, full_name, role, _description in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "role": role, "email_verified": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[role] = user
    return users
