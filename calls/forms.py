"""Forms of the calls pages: they validate input; the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.forms import DateInput
from missions.models import Mission
from reference.models import Language, ThematicArea

from .models import MOTIVATION_MAX_LENGTH, Position

EXPERTISE_MAX_LENGTH = 2000
INTRODUCTION_MAX_LENGTH = 4000


class CallForm(forms.Form):
    deadline = forms.DateField(
        label=_("Apply by"),
        widget=DateInput(),
        help_text=_("Applications are taken until the end of this day."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the mission is about, for experts who read the call."),
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission
        today = timezone.localdate()
        self.fields["deadline"].initial = min(
            today + datetime.timedelta(days=14), max(today, mission.start_date)
        )

    def clean_deadline(self) -> datetime.datetime:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        if day > self.mission.start_date:
            raise ValidationError(_("Experts must apply before the mission starts."))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "role",
            "theme",
            "expertise_sought",
            "languages",
            "expert_days",
            "places",
            "start_date",
            "end_date",
            "location",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "languages": forms.CheckboxSelectMultiple,
            "expertise_sought": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "theme": _("The thematic sub-area the expert must know best."),
            "languages": _("The expert must work in at least one of them (B2 or better)."),
        }

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = ThematicArea.objects.filter(
            parent__isnull=False
        ).select_related("parent")
        self.fields["languages"].queryset = Language.objects.order_by("name")
        self.fields["expertise_sought"].max_length = EXPERTISE_MAX_LENGTH
        self.fields["expertise_sought"].widget.attrs["maxlength"] = EXPERTISE_MAX_LENGTH
        self.fields["location"].max_length = 255
        if not self.is_bound:
            self.initial.update(
                start_date=mission.start_date,
                end_date=mission.end_date,
                location=mission.location,
                languages=list(mission.languages.values_list("pk", flat=True)),
            )

    def clean_expertise_sought(self) -> str:
        text = self.cleaned_data["expertise_sought"]
        if len(text) > EXPERTISE_MAX_LENGTH:
            raise ValidationError(
                _("At most %(count)d characters, please.") % {"count": EXPERTISE_MAX_LENGTH}
            )
        return text

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The position cannot end before it starts."))
        return cleaned

    def position_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "languages"}


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In a few sentences: what you would bring to this position (at most %(count)d "
            "characters)."
        )
        % {"count": MOTIVATION_MAX_LENGTH},
    )
    availability_confirmed = forms.BooleanField(
        label=_("I confirm that I am available for the whole period of the position."),
        error_messages={"required": _("Please confirm that you are available for these dates.")},
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
