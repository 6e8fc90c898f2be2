"""Answering a join request: by a focal point of the institution, or by the programme team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.redirects import redirect_local

from .. import services
from ..models import Membership


@login_required
@require_POST
def membership_decide(request, pk: int, approve: bool):
    membership = get_object_or_404(Membership.objects.select_related("user", "institution"), pk=pk)
    if not request.user.has_perm("partners.decide_membership", membership):
        raise Http404
    try:
        services.membership_decide(membership=membership, actor=request.user, approve=approve)
    except services.MembershipNotPossible as refusal:
        messages.error(request, refusal.message)
    else:
        person = membership.user.full_name or membership.user.email
        institution = membership.institution.name
        if approve:
            messages.success(
                request,
                _("%(person)s is now a member of %(institution)s.")
                % {"person": person, "institution": institution},
            )
        else:
            messages.success(
                request,
                _("You declined the request of %(person)s to join %(institution)s.")
                % {"person": person, "institution": institution},
            )
    return redirect_local(request, request.POST.get("next", ""), fallback="accounts:home")
