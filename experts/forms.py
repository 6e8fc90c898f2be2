"""Forms of the expert's profile sections and of vetting. Validation only: the writes are in
``experts.services``."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reference.models import Country, Language, LanguageLevel, ThematicArea
from uploads.validation import DOCUMENTS, MEGABYTE, check_upload

from .availability import Period, overlapping_pairs
from .models import Expert
from .transitions import ROSTER_MACHINE, VETTING_TRANSITIONS

MAX_CV_SIZE = 10 * MEGABYTE
MAX_YEARS = 60
MAX_SUMMARY_LENGTH = 4000
# Legacy Office files share one container format, so their content does not tell them apart.
_SAME_CONTAINER = {"doc": "ole", "xls": "ole", "ppt": "ole"}


class DetailsForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["nationality", "employer", "employer_type", "position", "years_experience"]
        labels = {"years_experience": _("Years of professional experience")}
        help_texts = {
            "employer": _(
                "The institution you work for, in full (for example “Caisse nationale de santé”)."
            ),
            "position": _("Your job title (for example “Head of the health insurance unit”)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
        self.fields["nationality"].queryset = Country.objects.order_by("name")
        self.fields["years_experience"].validators += [
            MinValueValidator(0),
            MaxValueValidator(MAX_YEARS),
        ]
        self.fields["years_experience"].widget.attrs.update({"min": 0, "max": MAX_YEARS})


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["summary", "keywords"]
        labels = {"summary": _("Summary of your experience")}
        help_texts = {
            "summary": _(
                "A few sentences on what you have done and what you can share with peers in "
                "partner countries. Programme staff read it when they look for experts."
            ),
            "keywords": _(
                "Separate them with commas, for example “contribution collection, benefit "
                "packages, provider payment”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = True
        self.fields["summary"].validators.append(MaxLengthValidator(MAX_SUMMARY_LENGTH))
        self.fields["summary"].widget.attrs["maxlength"] = MAX_SUMMARY_LENGTH


class CountriesForm(forms.Form):
    countries = forms.ModelMultipleChoiceField(
        label=_("Partner countries where you have worked"),
        queryset=Country.objects.partners().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Missions, projects or exchanges with institutions of these countries."),
    )


class CVForm(forms.Form):
    cv = forms.FileField(
        label=_("Your CV"),
        help_text=_("PDF or an Office document (Word, OpenDocument), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt"}),
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        checked = check_upload(upload, allowed=DOCUMENTS, max_size=MAX_CV_SIZE)
        named = PurePath(upload.name).suffix.lower().lstrip(".")
        found = PurePath(checked.name).suffix.lstrip(".")
        if named != found and _SAME_CONTAINER.get(named, named) != _SAME_CONTAINER.get(found):
            raise ValidationError(
                _(
                    "“%(name)s” is not what its name says: its content is a %(found)s file. "
                    "Check that you chose the right file, or save it in the format its name says."
                ),
                code="file_name_mismatch",
                params={"name": upload.name, "found": found.upper()},
            )
        return checked


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I consent to the programme keeping and using my profile and CV to find experts for "
            "its missions, as described above."
        ),
        error_messages={"required": _("Tick the box to give your consent.")},
    )


class AvailabilityForm(forms.Form):
    max_days_per_year = forms.IntegerField(
        label=_("Maximum mission days a year"),
        min_value=1,
        max_value=365,
        help_text=_(
            "How many days a year your employer lets you work on missions, travel included."
        ),
    )


class DeleteProfileForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you who asks."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password


class VettingForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(name, ROSTER_MACHINE.transitions[name].label) for name in VETTING_TRANSITIONS],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note to the expert"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required to reject or suspend. Sent to the expert with the decision and kept in "
            "the profile's history."
        ),
    )

    NOTE_REQUIRED = ("reject", "suspend")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in self.NOTE_REQUIRED and not cleaned.get("note", "").strip():
            self.add_error(
                "note", _("Tell the expert why: a note is required to reject or suspend.")
            )
        return cleaned


# --- Rows of the repeatable sections (themes, languages, unavailable periods) -------------------


class ThemeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Sub-area"),
        queryset=ThematicArea.objects.sub_areas().order_by("parent__name", "name"),
    )
    years = forms.IntegerField(
        label=_("Years of experience in it"), min_value=0, max_value=MAX_YEARS
    )


class LanguageForm(forms.Form):
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    level = forms.TypedChoiceField(
        label=_("Level (CEFR)"),
        choices=[("", "---------"), *LanguageLevel.choices],
        coerce=int,
        error_messages={"invalid_choice": _("Choose a level from A1 to C2, or native.")},
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return cleaned


class RowFormSet(forms.BaseFormSet):
    """A repeatable section. Rows left empty or ticked for removal are ignored.

    Bind it without ``initial`` (the rows posted are the whole new list), so that a row the
    expert empties counts as unchanged, hence dropped, rather than as a row with errors.

    ``unique_field`` may appear once across rows; ``shared_choices`` are fields whose choices are
    read from the database once for the whole formset, not once per row.
    """

    unique_field: str = ""
    duplicate_message = _("You listed this twice.")
    shared_choices: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = {
            name: list(self.form.base_fields[name].choices) for name in self.shared_choices
        }

    def _construct_form(self, i, **kwargs):
        # Any row may be left empty, existing ones included: an empty row is simply dropped.
        kwargs.setdefault("empty_permitted", True)
        form = super()._construct_form(i, **kwargs)
        for name, choices in self._choices.items():
            form.fields[name].choices = choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        for name, choices in self._choices.items():
            form.fields[name].choices = choices
        return form

    def row_form(self, index: int) -> forms.Form:
        """An empty row at position ``index`` (for adding a row without reloading the page)."""
        form = self.empty_form
        form.prefix = self.add_prefix(index)
        return form

    def kept_forms(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]

    def clean(self):
        super().clean()
        if any(self.errors) or not self.unique_field:
            return
        seen = set()
        for form in self.kept_forms():
            value = form.cleaned_data[self.unique_field]
            if value in seen:
                form.add_error(self.unique_field, self.duplicate_message)
            seen.add(value)


class ThemeFormSet(RowFormSet):
    unique_field = "theme"
    duplicate_message = _("You listed this sub-area twice.")
    shared_choices = ("theme",)

    def rows(self) -> list[tuple[ThematicArea, int]]:
        return [
            (form.cleaned_data["theme"], form.cleaned_data["years"]) for form in self.kept_forms()
        ]


class LanguageFormSet(RowFormSet):
    unique_field = "language"
    duplicate_message = _("You listed this language twice.")
    shared_choices = ("language",)

    def rows(self) -> list[tuple[Language, int]]:
        return [
            (form.cleaned_data["language"], form.cleaned_data["level"])
            for form in self.kept_forms()
        ]


class PeriodFormSet(RowFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = self.kept_forms()
        periods = [Period(form.cleaned_data["start"], form.cleaned_data["end"]) for form in kept]
        for earlier, later in overlapping_pairs(periods):
            kept[later].add_error(
                "start",
                _("This period overlaps another one, %(start)s – %(end)s.")
                % {
                    "start": date_format(periods[earlier].start),
                    "end": date_format(periods[earlier].end),
                },
            )

    def rows(self) -> list[tuple[Period, str]]:
        return [
            (
                Period(form.cleaned_data["start"], form.cleaned_data["end"]),
                form.cleaned_data["reason"],
            )
            for form in self.kept_forms()
        ]


ROW_FORMSETS = {
    "themes": forms.formset_factory(
        ThemeForm, formset=ThemeFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
    ),
    "languages": forms.formset_factory(
        LanguageForm,
        formset=LanguageFormSet,
        extra=1,
        can_delete=True,
        max_num=15,
        validate_max=True,
    ),
    "periods": forms.formset_factory(
        PeriodForm, formset=PeriodFormSet, extra=1, can_delete=True, max_num=30, validate_max=True
    ),
}
