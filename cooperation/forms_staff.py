"""Forms of the staff pages: decisions, messages, eligibility, assignment and actions."""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from partners.models import Institution
from uploads.validation import DOCUMENTS_AND_IMAGES, MEGABYTE, CheckedUpload, check_upload

from .eligibility import RECORDED_ITEMS, EligibilityStatus, recorded_note, recorded_status
from .filters import date_input, staff_users, thematic_areas
from .menus import cached_choices
from .models import Action, RejectionReason, Request, RequestStatus
from .widgets import fast_selects

ACTION_DOCUMENT_MAX_SIZE = 20 * MEGABYTE


class SeenStatusForm(forms.Form):
    """Carries the status the user saw, so that a change made meanwhile is refused."""

    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)


# --- Request decisions ---------------------------------------------------------------------------


class RequestTransitionForm(SeenStatusForm):
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Shown on the timeline, to the partner too."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestInfoForm(RequestTransitionForm):
    comment = forms.CharField(
        label=_("Questions for the partner"),
        help_text=_("The partner answers by completing the request and submitting it again."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RequestRejectForm(RequestTransitionForm):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=RejectionReason.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Explanation for the partner"),
        help_text=_("Required for “Other reason”."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        explained = cleaned.get("comment", "").strip()
        if cleaned.get("reason") == RejectionReason.OTHER and not explained:
            self.add_error("comment", _("Explain the other reason to the partner."))
        return cleaned


TRANSITION_FORMS: dict[str, type[RequestTransitionForm]] = {
    "request_info": RequestInfoForm,
    "reject": RequestRejectForm,
}


def request_transition_form(name: str, request: Request, data=None) -> RequestTransitionForm:
    form_class = TRANSITION_FORMS.get(name, RequestTransitionForm)
    return form_class(data, prefix=name, initial={"seen_status": request.status})


# --- Thread and checklist ------------------------------------------------------------------------


class RequestMessageForm(forms.Form):
    PARTNER, INTERNAL = "partner", "internal"

    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.ChoiceField(
        label=_("Who sees it"),
        choices=[
            (PARTNER, _("The partner and staff (message)")),
            (INTERNAL, _("Programme staff only (internal note)")),
        ],
        initial=INTERNAL,
        widget=forms.RadioSelect,
    )

    @property
    def is_internal(self) -> bool:
        return self.cleaned_data["audience"] == self.INTERNAL


class EligibilityForm(forms.Form):
    """One status and one note per recorded item of the checklist."""

    def __init__(self, *args, request: Request, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for item in RECORDED_ITEMS:
            self.fields[f"{item}_status"] = forms.ChoiceField(
                label=item.label,
                choices=EligibilityStatus.choices,
                initial=recorded_status(request, item),
                widget=forms.RadioSelect,
            )
            self.fields[f"{item}_note"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": item.label},
                required=False,
                max_length=1000,
                initial=recorded_note(request, item),
            )
            self.rows.append((self[f"{item}_status"], self[f"{item}_note"]))

    def items(self) -> dict[str, tuple[str, str]]:
        return {
            item: (self.cleaned_data[f"{item}_status"], self.cleaned_data[f"{item}_note"])
            for item in RECORDED_ITEMS
        }


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=staff_users(),
        required=False,
        empty_label=_("Not assigned"),
    )


class BulkAssignForm(AssignForm):
    requests = forms.ModelMultipleChoiceField(
        queryset=Request.objects.exclude(status=RequestStatus.DRAFT),
        error_messages={"required": _("Select at least one request.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fast_selects(self)  # on every page of the queue
        cached_choices(self, {"officer": "officers"})


# --- Actions -------------------------------------------------------------------------------------


class ActionForm(forms.ModelForm):
    """The plan of an action; staff complete it after the prefill from the request."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=thematic_areas(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assigned_officer = forms.ModelChoiceField(label=_("Officer"), queryset=staff_users())

    class Meta:
        model = Action
        fields = [
            "title",
            "institutions",
            "themes",
            "objectives",
            "expected_results",
            "indicators",
            "planned_activities",
            "budget_expert_days",
            "budget_eur",
            "period_start",
            "period_end",
            "assigned_officer",
        ]
        widgets = {
            "institutions": forms.CheckboxSelectMultiple,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.Textarea(attrs={"rows": 4}),
            "planned_activities": forms.Textarea(attrs={"rows": 4}),
            "period_start": date_input(),
            "period_end": date_input(),
        }
        help_texts = {
            "indicators": _("How the results will be measured, one per line."),
            "planned_activities": _("Missions, study visits, workshops: one per line."),
            "budget_expert_days": _("Estimate for the whole action."),
            "budget_eur": _("Estimate in euros."),
        }

    # Optional on the model (an action may start as a sketch), but staff complete them here.
    REQUIRED = (
        "indicators",
        "planned_activities",
        "budget_expert_days",
        "budget_eur",
        "period_start",
        "period_end",
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = institutions
        for name in self.REQUIRED:
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end is before the start."))
        return cleaned


def action_form_for_request(request: Request, data=None) -> ActionForm:
    """The "create action" form, prefilled from the accepted request."""
    institutions = Institution.objects.filter(
        pk__in=[request.lead_institution_id, *(i.pk for i in request.co_applicants.all())]
    ).select_related("country")
    initial = {
        "title": request.title,
        "institutions": list(institutions),
        "themes": list(request.themes.all()),
        "objectives": request.objectives,
        "expected_results": request.expected_results,
        "period_start": request.period_start,
        "period_end": request.period_end,
        "assigned_officer": request.assigned_officer,
    }
    return ActionForm(data, initial=initial, institutions=institutions)


def action_form_for_edit(action: Action, data=None) -> ActionForm:
    institutions = Institution.objects.filter(
        pk__in=[i.pk for i in action.institutions.all()]
    ).select_related("country")
    # ``initial``, not ``instance``: a ModelForm writes its cleaned data onto its instance, and
    # the service must see the action as it was to record what changed.
    initial = model_to_dict(action, fields=ActionForm.Meta.fields)
    form = ActionForm(data, initial=initial, institutions=institutions)
    form.fields["institutions"].disabled = True
    return form


class ActionTransitionForm(SeenStatusForm):
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Shown on the timeline, to the partner too."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office document or image, at most 20 MB."),
    )

    def clean_file(self) -> CheckedUpload:
        upload = self.cleaned_data["file"]
        return check_upload(upload, allowed=DOCUMENTS_AND_IMAGES, max_size=ACTION_DOCUMENT_MAX_SIZE)
