"""The stakeholder's page, opened through the signed link of the consultation e-mail (no account).

It shows what a stakeholder should see of the request (no internal notes, no partner contact
details beyond the institution) and takes the answer; a tampered or expired link gets a clear
page with its status (400 or 410).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.signed_links import SignedLinkError
from audit.statemachine import TransitionNotAllowed

from .. import services
from ..forms import AnswerForm
from ..tokens import addressee_from_token


@require_http_methods(["GET", "POST"])
def consultation_answer(request, token: str):
    try:
        addressee = addressee_from_token(token)
    except SignedLinkError as error:
        return render(
            request,
            "consultations/public/link_invalid.html",
            {"message": error.message},
            status=error.status,
        )
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.addressee_answer(
                    addressee=addressee,
                    status=form.cleaned_data["status"],
                    text=form.cleaned_data["text"],
                )
            except TransitionNotAllowed as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("Thank you: your answer is recorded. You may change it until the deadline."),
                )
                return redirect("consultations:answer", token=token)
        status = 400
    request_obj = addressee.consultation.request
    return render(
        request,
        "consultations/public/answer.html",
        {
            "addressee": addressee,
            "consultation": addressee.consultation,
            "req": request_obj,
            "themes": request_obj.themes.select_related("parent"),
            "form": form,
        },
        status=status,
    )
