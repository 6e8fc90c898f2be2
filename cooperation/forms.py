"""The partner's request form, in sections, and the forms around it.

While drafting nothing is required but the title: the user may save at any point. What a request
needs before it is sent is checked on submission (``services.request_submission_problems``).
"""

import uuid
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Institution
from reference.models import CapacityLevel, ThematicArea
from uploads.validation import DOCUMENTS_AND_IMAGES, check_upload

from .models import Modality, Request
from .services import MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS

# Long texts: generous for a real description, small enough to refuse a pasted book.
TEXT_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 2_000


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _form_field(db_field: models.Field, **kwargs) -> forms.Field | None:
    """Long texts get a length limit. Limits are checked by the server only: a browser
    ``maxlength`` would silently cut pasted text, and the user would lose it."""
    if isinstance(db_field, models.TextField):
        kwargs["max_length"] = TEXT_MAX_LENGTH
    field = db_field.formfield(**kwargs)
    if field is not None:
        field.widget.attrs.pop("maxlength", None)
        if isinstance(db_field, models.TextField):
            field.widget.attrs.setdefault("rows", 6)
    return field


class RequestCreateForm(forms.Form):
    """The first step: which institution asks, and a working title. The token makes a double
    click create one draft."""

    institution = forms.ModelChoiceField(
        label=_("Requesting institution"), queryset=Institution.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        help_text=_("A short name for the support you need; you can change it later."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, institutions, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if len(institutions) == 1:
            self.fields["institution"].widget = forms.HiddenInput()


class RequestSectionForm(forms.ModelForm):
    """One section of the request. Subclasses list their fields in ``Meta.fields``."""

    class Meta:
        model = Request
        fields: tuple[str, ...] = ()
        formfield_callback = _form_field


class ContextForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("title", "context")
        help_texts = {
            "context": _(
                "The situation today, the problem your institution wants to solve, and what has "
                "been tried already."
            ),
        }


class ObjectivesForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("objectives", "expected_results")
        help_texts = {
            "objectives": _("What the support should help your institution achieve."),
            "expected_results": _(
                "What will exist or work differently afterwards: a law drafted, a procedure "
                "adopted, staff trained."
            ),
        }


class TargetGroupsForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("target_groups",)
        help_texts = {
            "target_groups": _(
                "Who takes part (staff, units, partner institutions) and who benefits in the end."
            ),
        }


class ThemesForm(RequestSectionForm):
    capacity_levels = forms.MultipleChoiceField(
        label=_("Capacity levels"),
        choices=CapacityLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Institutional: laws, policies, strategies. Organisational: procedures, systems, "
            "tools. Individual: the skills of staff."
        ),
    )

    class Meta(RequestSectionForm.Meta):
        fields = ("themes", "capacity_levels")
        widgets = {"themes": forms.CheckboxSelectMultiple}
        help_texts = {"themes": _("Choose every area the request is about.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sub_areas = ThematicArea.objects.sub_areas().order_by("parent__name", "name")
        field = self.fields["themes"]
        field.queryset = sub_areas
        field.choices = [
            (area, [(theme.pk, theme.name) for theme in themes])
            for area, themes in groupby(sub_areas, key=lambda theme: theme.parent.name)
        ]


class ModalityForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("modality", "period_start", "period_end", "languages")
        widgets = {
            "modality": forms.RadioSelect,
            "period_start": _date_input(),
            "period_end": _date_input(),
            "languages": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "period_start": _("The earliest date the support could start."),
            "period_end": _("The date by which it should be over."),
            "languages": _("The languages the experts and your staff will work in."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modality"].choices = Modality.choices

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end is before the start."))
        return cleaned


class ExpertiseForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("expertise_sought", "experts_wished")
        help_texts = {
            "expertise_sought": _(
                "The experience the experts should bring: the field, the kind of institution they "
                "work for, the reforms they have been through."
            ),
            "experts_wished": _("Between 1 and 20."),
        }
        widgets = {"experts_wished": forms.NumberInput(attrs={"min": 1, "max": 20})}


class CoApplicantsForm(RequestSectionForm):
    class Meta(RequestSectionForm.Meta):
        fields = ("co_applicants",)
        widgets = {"co_applicants": forms.CheckboxSelectMultiple}
        help_texts = {
            "co_applicants": _(
                "Institutions of the same country applying with yours, such as neighbouring "
                "municipalities. An institution missing here must first be registered by one of "
                "its staff."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lead = self.instance.lead_institution
        self.fields["co_applicants"].queryset = (
            Institution.objects.filter(country_id=lead.country_id)
            .exclude(pk=lead.pk)
            .order_by("name")
        )


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form_class: type[RequestSectionForm] | None
    fields: tuple[str, ...]


ATTACHMENTS = "attachments"

SECTIONS = (
    Section("context", _("Context and problem"), ContextForm, ContextForm.Meta.fields),
    Section(
        "objectives",
        _("Objectives and expected results"),
        ObjectivesForm,
        ObjectivesForm.Meta.fields,
    ),
    Section("target-groups", _("Target groups"), TargetGroupsForm, TargetGroupsForm.Meta.fields),
    Section("themes", _("Thematic areas and capacity levels"), ThemesForm, ThemesForm.Meta.fields),
    Section(
        "modality", _("Modality, period and languages"), ModalityForm, ModalityForm.Meta.fields
    ),
    Section("expertise", _("Expertise sought"), ExpertiseForm, ExpertiseForm.Meta.fields),
    Section(
        "co-applicants",
        _("Co-applicant institutions"),
        CoApplicantsForm,
        CoApplicantsForm.Meta.fields,
    ),
    Section(ATTACHMENTS, _("Attachments"), None, ()),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def section_after(section: Section) -> Section | None:
    position = SECTIONS.index(section)
    return SECTIONS[position + 1] if position + 1 < len(SECTIONS) else None


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Office documents or images, at most 10 MB each; five files at most."),
    )

    def __init__(self, *args, attachment_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        self.checked = None

    def clean_file(self):
        if self.attachment_count >= MAX_ATTACHMENTS:
            raise ValidationError(
                _("A request can have at most %(count)d attachments. Remove one to add another.")
                % {"count": MAX_ATTACHMENTS}
            )
        self.checked = check_upload(
            self.cleaned_data["file"], allowed=DOCUMENTS_AND_IMAGES, max_size=MAX_ATTACHMENT_SIZE
        )
        return self.cleaned_data["file"]


class ResubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Your answer to the programme team"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you changed or added; it appears on the timeline."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the request?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the programme team"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.pop("maxlength", None)
