"""Pages of partner institution users: the dashboard, their institutions, joining one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.rules import is_partner

from .. import selectors, services
from ..filters import InstitutionSearchFilter
from ..forms import DuplicateQueryForm, InstitutionForm, InstitutionProfileForm
from ..models import Institution, MembershipStatus

JOIN_PAGE_SIZE = 20


@role_required(is_partner)
@require_GET
def home(request):
    memberships = list(selectors.memberships_of(request.user))
    active = [m for m in memberships if m.status == MembershipStatus.ACTIVE]
    return render(
        request,
        "partners/home.html",
        {
            "active_memberships": active,
            "pending_memberships": [m for m in memberships if m.status == MembershipStatus.PENDING],
            "declined_memberships": [
                m for m in memberships if m.status == MembershipStatus.DECLINED
            ],
            "join_requests": list(selectors.join_requests_to_decide(request.user)),
        },
    )


@role_required(is_partner)
@require_http_methods(["GET", "POST"])
def institution_create(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in InstitutionForm.Meta.fields}
        institution = services.institution_create(user=request.user, **data)
        messages.success(
            request,
            _(
                "%(institution)s is registered and you are its focal point. You can now prepare "
                "requests; the programme team will verify the institution."
            )
            % {"institution": institution.name},
        )
        return redirect("partners:institution_detail", pk=institution.pk)
    return render(
        request,
        "partners/institution_form.html",
        {"form": form, "duplicates": _with_membership_status(request, form.duplicates)},
    )


@role_required(is_partner)
@require_GET
def institution_duplicates(request):
    """The htmx partial of possible duplicates, refreshed as the user types."""
    form = DuplicateQueryForm(request.GET)
    duplicates = []
    if form.is_valid() and form.cleaned_data["country"]:
        duplicates = selectors.institution_duplicates(
            country=form.cleaned_data["country"],
            name=form.cleaned_data["name"],
            acronym=form.cleaned_data["acronym"],
        )
    return render(
        request,
        "partners/_duplicates.html",
        {"duplicates": _with_membership_status(request, duplicates)},
    )


@role_required(is_partner)
@require_GET
def institution_join(request):
    institution_filter = InstitutionSearchFilter(
        request.GET or None, queryset=selectors.institutions_to_join(), request=request
    )
    page = None
    if institution_filter.is_bound and institution_filter.is_valid():
        page = Paginator(institution_filter.qs.order_by("name", "pk"), JOIN_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        _with_membership_status(request, page.object_list)
    return render(
        request, "partners/institution_join.html", {"filter": institution_filter, "page_obj": page}
    )


@role_required(is_partner)
@require_POST
def institution_join_request(request, pk: int):
    institution = get_object_or_404(selectors.institutions_to_join(), pk=pk)
    try:
        services.membership_request(user=request.user, institution=institution)
    except services.MembershipNotPossible as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Your request to join %(institution)s is sent. Its focal point, or the programme "
                "team, will answer it; you will be notified."
            )
            % {"institution": institution.name},
        )
    return redirect("partners:home")


@role_required(is_partner)
@require_GET
def institution_detail(request, pk: int):
    institution = _institution_of(request, pk)
    return render(
        request,
        "partners/institution_detail.html",
        {
            "institution": institution,
            "memberships": selectors.memberships_of_institution(institution),
            "can_change": request.user.has_perm("partners.change_institution", institution),
        },
    )


@role_required(is_partner)
@require_http_methods(["GET", "POST"])
def institution_edit(request, pk: int):
    institution = _institution_of(request, pk)
    if not request.user.has_perm("partners.change_institution", institution):
        raise Http404
    form = InstitutionProfileForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        services.institution_update(
            institution=institution,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in InstitutionProfileForm.Meta.fields},
        )
        messages.success(request, _("The institution's profile is saved."))
        return redirect("partners:institution_detail", pk=institution.pk)
    return render(
        request, "partners/institution_edit.html", {"form": form, "institution": institution}
    )


def _institution_of(request, pk: int) -> Institution:
    """One of the user's own institutions, or a 404."""
    return get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)


def _with_membership_status(request, institutions) -> list[Institution]:
    """Mark each institution with the user's membership status there (or None), so that the
    "Ask to join" buttons show only where asking makes sense."""
    institutions = list(institutions)
    statuses = dict(
        request.user.memberships.filter(
            institution_id__in=[institution.pk for institution in institutions]
        ).values_list("institution_id", "status")
    )
    for institution in institutions:
        institution.membership_status = statuses.get(institution.pk)
    return institutions
