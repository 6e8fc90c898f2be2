from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role
from demo.actions import seed_demo_actions
from demo.calls import seed_demo_calls
from demo.consultations import seed_demo_consultations
from demo.experts import seed_demo_experts
from demo.meetings import seed_demo_meetings
from demo.missions import seed_demo_missions
from demo.partners import seed_demo_partners
from demo.requests import seed_demo_requests
from demo.users import seed_demo_users
from reference.services import reference_data_load


class Command(BaseCommand):
    help = "Load the reference data and a demo programme (safe to run again)."

    def handle(self, *args, **options) -> None:
        reference_data_load()
        with transaction.atomic():
            users = seed_demo_users()
            seed_demo_experts(expert_user=users[Role.EXPERT])
            institutions = seed_demo_partners(
                partner=users[Role.PARTNER], officer=users[Role.OFFICER]
            )
            seed_demo_requests(institutions=institutions, officer=users[Role.OFFICER])
            seed_demo_consultations(officer=users[Role.OFFICER])
            # Actions come from accepted requests: keep this after the requests demo.
            seed_demo_actions(officer=users[Role.OFFICER])
            # Missions go to the open actions, with the roster's experts: keep this last.
            seed_demo_missions(
                officer=users[Role.OFFICER],
                partner=users[Role.PARTNER],
                expert_user=users[Role.EXPERT],
            )
            # Calls go to the missions still looking for experts: keep this after the missions.
            seed_demo_calls(officer=users[Role.OFFICER], expert_user=users[Role.EXPERT])
            # Decision meetings put open and decided requests on their agendas.
            seed_demo_meetings(officer=users[Role.OFFICER], manager=users[Role.MANAGER])
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
