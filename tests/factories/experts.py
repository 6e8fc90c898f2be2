import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from experts.models import (
    EmployerType,
    Expert,
    ExpertLanguage,
    ExpertTheme,
    RosterStatus,
    UnavailablePeriod,
)
from reference.models import LanguageLevel

from .accounts import ExpertUserFactory
from .reference import country, language, theme

# The smallest file that is a PDF by its content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class ExpertFactory(factory.django.DjangoModelFactory):
    """An approved expert from Luxembourg working in public administration."""

    class Meta:
        model = Expert

    user = factory.SubFactory(ExpertUserFactory)
    nationality = factory.LazyFunction(lambda: country("LU"))
    employer = "Caisse nationale de santé"
    employer_type = EmployerType.PUBLIC_ADMINISTRATION
    position = "Head of unit"
    years_experience = 12
    summary = "Health insurance financing and benefit packages."
    keywords = "health insurance, financing"
    roster_status = RosterStatus.APPROVED
    consent_given_at = factory.LazyFunction(timezone.now)


class DraftExpertFactory(factory.django.DjangoModelFactory):
    """A profile just started: nothing filled in yet."""

    class Meta:
        model = Expert

    user = factory.SubFactory(ExpertUserFactory)
    roster_status = RosterStatus.DRAFT


class CompleteExpertFactory(ExpertFactory):
    """A draft profile with every section filled in, ready to be submitted for vetting."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    roster_status = RosterStatus.DRAFT
    max_days_per_year = 40

    @factory.post_generation
    def sections(obj, create, extracted, **kwargs):
        if create:
            ExpertTheme.objects.create(expert=obj, theme=theme("health-insurance"), years=10)
            ExpertLanguage.objects.create(
                expert=obj, language=language("en"), level=LanguageLevel.C1
            )
            # Saved once the profile has its id, which the CV's folder is named after.
            obj.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=False)
            obj.cv_name = "cv.pdf"
            obj.save(update_fields=["cv", "cv_name"])


class ExpertThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertTheme

    expert = factory.SubFactory(ExpertFactory)
    theme = factory.LazyFunction(lambda: theme("health-insurance"))
    years = 10


class ExpertLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertLanguage

    expert = factory.SubFactory(ExpertFactory)
    language = factory.LazyFunction(lambda: language("en"))
    level = LanguageLevel.C1


class UnavailablePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnavailablePeriod

    expert = factory.SubFactory(ExpertFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    reason = "Annual leave"
