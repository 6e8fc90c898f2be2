import factory

from accounts.models import Role, User

PASSWORD = "test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.PARTNER
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnerUserFactory(UserFactory):
    role = Role.PARTNER


class ExpertUserFactory(UserFactory):
    role = Role.EXPERT


class OfficerFactory(UserFactory):
    role = Role.OFFICER


class ManagerFactory(UserFactory):
    role = Role.MANAGER
