from django.db.models import F, Q, QuerySet

from accounts.models import Role
from partners.selectors import institution_ids_of

from .lookups import InSubqueryArray
from .models import Action, Request


def requests_visible_to(user) -> QuerySet[Request]:
    """Staff see every request; partners their institutions' (lead or co-applicant) ones."""
    if not user.is_authenticated:
        return Request.objects.none()
    if user.is_programme_staff:
        return Request.objects.all()
    if user.role == Role.PARTNER:
        # The lead institution's index, or the ids of the requests co-applied for (computed
        # once): no join that repeats a request, so no DISTINCT (docs/performance.md).
        ids = institution_ids_of(user)
        co_applied = Request.co_applicants.through.objects.filter(institution_id__in=ids)
        return Request.objects.filter(
            Q(lead_institution_id__in=ids)
            | Q(InSubqueryArray(F("pk"), co_applied.order_by().values("request_id")))
        )
    return Request.objects.none()


def actions_visible_to(user) -> QuerySet[Action]:
    if not user.is_authenticated:
        return Action.objects.none()
    if user.is_programme_staff:
        return Action.objects.all()
    if user.role == Role.PARTNER:
        return Action.objects.filter(institutions__in=institution_ids_of(user)).distinct()
    return Action.objects.none()
