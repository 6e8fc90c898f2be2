from django.core.management.base import BaseCommand

from reference.services import reference_data_load


class Command(BaseCommand):
    help = "Load or update countries, the thematic taxonomy and languages (safe to run again)."

    def handle(self, *args, **options) -> None:
        reference_data_load()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
