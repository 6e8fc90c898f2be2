"""Pages of the programme team: institutions to verify."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.rules import is_programme_staff

from .. import selectors, services
from ..filters import StaffInstitutionFilter
from ..forms import VerificationForm

PAGE_SIZE = 25


@role_required(is_programme_staff)
@require_GET
def institution_list(request):
    institution_filter = StaffInstitutionFilter(
        request.GET, queryset=selectors.institutions_for_staff(), request=request
    )
    page = Paginator(institution_filter.qs.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/staff/institution_list.html",
        {"filter": institution_filter, "page_obj": page},
    )


@role_required(is_programme_staff)
@require_http_methods(["GET", "POST"])
def institution_detail(request, pk: int):
    institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
    form = VerificationForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        institution = services.institution_set_verification(
            institution=institution,
            actor=request.user,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request,
            _("%(institution)s: %(status)s.")
            % {
                "institution": institution.name,
                "status": institution.get_verification_status_display(),
            },
        )
        return redirect("partners:staff_institution_detail", pk=institution.pk)
    return render(
        request,
        "partners/staff/institution_detail.html",
        {
            "institution": institution,
            "memberships": selectors.memberships_of_institution(institution),
            "form": form,
            "history": selectors.institution_history(institution),
        },
    )
