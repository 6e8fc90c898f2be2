"""Forms of the missions pages: they validate input; the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cooperation.models import Action
from experts.models import ShortlistEntry
from reference.models import Country, Language, ThematicArea
from uploads.validation import DOCUMENTS_AND_IMAGES, MEGABYTE, check_upload

from .models import ExpertRole, Feedback, Mission, MissionReport

MAX_ATTACHMENT_SIZE = 10 * MEGABYTE
MAX_ATTACHMENTS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = [
            "activity_type",
            "title",
            "terms_of_reference",
            "is_remote",
            "city",
            "country",
            "start_date",
            "end_date",
            "expert_days",
            "experts_needed",
            "languages",
            "themes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "languages": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "is_remote": _("Tick for a remote mission or a webinar: no city or country needed."),
            "expert_days": _("Working days of all the experts together."),
            "languages": _("Experts must work in at least one of them (B2 or better)."),
        }

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["country"].queryset = Country.objects.order_by("name")
        self.fields["languages"].queryset = Language.objects.order_by("name")
        self.fields["themes"].queryset = ThematicArea.objects.select_related("parent").order_by(
            "parent__name", "name"
        )
        self.fields["terms_of_reference"].required = True
        if action.period_start and action.period_end:
            self.fields["start_date"].help_text = _(
                "Within the action's period: %(start)s – %(end)s."
            ) % {
                "start": formats.date_format(action.period_start),
                "end": formats.date_format(action.period_end),
            }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("The mission ends before it starts."))
            elif not _within(start, end, self.action.period_start, self.action.period_end):
                self.add_error(
                    "start_date",
                    _("The mission must take place within the action's period (%(period)s).")
                    % {"period": _period_text(self.action)},
                )
        if cleaned.get("is_remote"):
            cleaned["city"], cleaned["country"] = "", None
        else:
            if not cleaned.get("city"):
                self.add_error("city", _("Give the city, or tick “remote”."))
            if not cleaned.get("country") and "country" not in self.errors:
                self.add_error("country", _("Give the country, or tick “remote”."))
        return cleaned

    def plan_fields(self) -> dict:
        """The cleaned values the services take as ``fields`` (many-to-many ones apart)."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("languages", "themes")
        }


def _within(start, end, period_start, period_end) -> bool:
    return (period_start is None or start >= period_start) and (
        period_end is None or end <= period_end
    )


def _period_text(action: Action) -> str:
    def text(day):
        return formats.date_format(day) if day else "…"

    return f"{text(action.period_start)} – {text(action.period_end)}"


class ShortlistEntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, entry: ShortlistEntry) -> str:
        return entry.expert.user.full_name


class InviteForm(forms.Form):
    entries = ShortlistEntryChoiceField(
        label=_("Experts to invite"),
        queryset=ShortlistEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one expert to invite.")},
    )
    deadline = forms.DateField(
        label=_("Answer by"),
        widget=DateInput(),
        help_text=_("The invitation and its e-mail links expire at the end of this day."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ExpertRole.choices, initial=ExpertRole.EXPERT)

    def __init__(self, *args, mission: Mission, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields["entries"].queryset = entries
        # Staff may have picked the experts to invite on the shortlist page already.
        self.fields["entries"].initial = [entry.pk for entry in entries if entry.selected]
        today = timezone.localdate()
        self.fields["deadline"].initial = min(
            today + datetime.timedelta(days=7), max(today, mission.start_date)
        )

    def checked_entries(self) -> set[str]:
        """The entries to show ticked: the ones submitted, else the ones selected earlier."""
        return {str(value) for value in self["entries"].value() or ()}

    def clean_deadline(self) -> datetime.datetime:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        if day > self.mission.start_date:
            raise ValidationError(_("Experts must answer before the mission starts."))
        end_of_day = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end_of_day)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: it helps us invite you to the right missions."),
    )


class WithdrawForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the expert"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    """The optional comment recorded with a mission transition (a reason to cancel)."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Add attachments"),
        required=False,
        help_text=_("PDF, office documents or images, up to 10 MB each."),
    )

    class Meta:
        model = MissionReport
        fields = ["activities", "findings", "recommendations", "follow_up"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        existing = self.instance.attachments.count() if self.instance.pk else 0
        if existing + len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("A report takes at most %(count)s attachments.") % {"count": MAX_ATTACHMENTS}
            )
        return [
            check_upload(upload, allowed=DOCUMENTS_AND_IMAGES, max_size=MAX_ATTACHMENT_SIZE)
            for upload in uploads
        ]

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Return it with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments to the expert"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you return the report."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what the expert should change."))
        return cleaned


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]
RATING_FIELDS = ("relevance", "expertise", "organisation", "usefulness")


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = [*RATING_FIELDS, "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "relevance": _("Did the mission answer your institution's needs?"),
            "expertise": _("How well did the experts know the subject?"),
            "organisation": _("Preparation, logistics and communication."),
            "usefulness": _("Will your institution use the results?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RATING_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score from 1 (poor) to 5 (excellent).")},
            )

    def rating_fields(self) -> list:
        return [self[name] for name in RATING_FIELDS]

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RATING_FIELDS}
