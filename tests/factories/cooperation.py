import datetime

import factory
from django.utils import timezone

from cooperation.models import Action, Modality, Request, RequestMessage, RequestStatus

from .accounts import OfficerFactory, PartnerUserFactory
from .partners import InstitutionFactory
from .reference import language, theme


class RequestFactory(factory.django.DjangoModelFactory):
    """A draft request with every section filled in."""

    class Meta:
        model = Request

    lead_institution = factory.SubFactory(InstitutionFactory)
    submitted_by = factory.SubFactory(PartnerUserFactory)
    title = factory.Sequence(lambda n: f"Strengthening child protection services {n}")
    context = "Local centres for social work lack case-management standards."
    objectives = "Adopt case-management standards in all centres."
    expected_results = "Standards adopted; 40 staff trained."
    target_groups = "Social workers of the centres for social work."
    modality = Modality.ON_SITE
    period_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    period_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    expertise_sought = "Case management in child protection."
    experts_wished = 2
    capacity_levels = factory.LazyFunction(lambda: ["organisational"])


class SubmittedRequestFactory(RequestFactory):
    status = RequestStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"REQ-2026-{n + 1:04d}")
    submitted_at = factory.LazyFunction(timezone.now)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ACT-2026-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Review of the health insurance law {n}")
    created_by = factory.SubFactory(OfficerFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate())
    period_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    @factory.post_generation
    def institutions(obj, create, extracted, **kwargs):
        if create:
            obj.institutions.set(extracted or [InstitutionFactory()])


class InReviewRequestFactory(SubmittedRequestFactory):
    """A submitted request an officer is reviewing, with its eligibility checklist all met."""

    status = RequestStatus.IN_REVIEW
    eligibility = factory.LazyFunction(
        lambda: {
            item: {"status": "met", "note": ""}
            for item in ("institution", "thematic_fit", "no_overlap", "feasible_timing")
        }
    )


class RequestMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestMessage

    request = factory.SubFactory(SubmittedRequestFactory)
    author = factory.SubFactory(OfficerFactory)
    body = "Please check the overlap with the World Bank project."
    is_internal = True


class ReadyDraftFactory(RequestFactory):
    """A draft with every section filled in, thematic areas and languages included: ready to be
    submitted by a focal point of its lead institution."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted or [theme("child-protection")])

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            obj.languages.set(extracted or [language("en")])
