from django.core.management.base import BaseCommand

from demo.users import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins for each role."

    def handle(self, *args, **options) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("The portal is at http://127.0.0.1:8000"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _name, _role, description in DEMO_USERS:
            self.stdout.write(f"  {email:<24} {description}")
        self.stdout.write("")
