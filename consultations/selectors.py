"""Reads of the consultations domain (staff only: partners and experts never see them)."""

from django.db.models import Prefetch, QuerySet

from cooperation.models import Request

from .models import Addressee, Answer, Consultation, StakeholderContact


def contacts_list() -> QuerySet[StakeholderContact]:
    return StakeholderContact.objects.select_related("country")


def contacts_for_request(request: Request) -> QuerySet[StakeholderContact]:
    """The active contacts of the request's country, offered when sending a consultation."""
    return StakeholderContact.objects.filter(
        country_id=request.lead_institution.country_id, is_active=True
    ).order_by("kind", "organisation")


def consultations_of(request: Request) -> list[Consultation]:
    """The request's consultations, newest first, each with its stakeholders and their answers."""
    addressees = Addressee.objects.order_by("kind", "organisation", "pk").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("created_at", "pk"))
    )
    return list(
        Consultation.objects.filter(request_id=request.pk)
        .select_related("sent_by", "overridden_by")
        .prefetch_related(Prefetch("addressees", queryset=addressees))
        .order_by("-sent_at", "-pk")
    )
