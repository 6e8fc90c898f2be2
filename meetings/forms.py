"""Forms of the decision meetings: validation of input, no business logic."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.filters import date_input
from cooperation.models import RejectionReason, Request

from .models import SCORE_MAX, SCORE_MIN, AgendaItem, DecisionCriterion, Meeting
from .services import ScoreInput
from .transitions import proposable_decisions

TITLE_MAX = 200
TEXT_MAX = 5000


class CriterionForm(forms.ModelForm):
    guidance = forms.CharField(
        label=_("Guidance"),
        help_text=_("What the committee looks at when scoring this criterion."),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = DecisionCriterion
        fields = ["name", "guidance", "order", "is_active"]
        labels = {"name": _("Name"), "order": _("Order"), "is_active": _("Active")}
        help_texts = {
            "order": _("Criteria are listed from the lowest number."),
            "is_active": _("Inactive criteria are kept on past meetings but no longer scored."),
        }

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_order(self) -> int:
        order = self.cleaned_data["order"]
        if order is not None and order > 999:
            raise forms.ValidationError(_("Use a number from 0 to 999."))
        return order


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    date = forms.DateField(label=_("Date"), widget=date_input())

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the meeting a title."))
        return title

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("A new meeting cannot take place in the past."))
        return value


class MeetingEditForm(MeetingForm):
    """The title and date of a planned meeting: a new date cannot be in the past."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault("initial", {"title": meeting.title, "date": meeting.date})
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value != self.meeting.date and value < timezone.localdate():
            raise forms.ValidationError(_("A meeting cannot be moved to a date in the past."))
        return value


class AgendaAddForm(forms.Form):
    requests = forms.ModelMultipleChoiceField(
        label=_("Requests to put on the agenda"),
        queryset=Request.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("This request cannot go on this agenda.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = queryset
        self.fields["requests"].label_from_instance = lambda r: (
            f"{r.reference} – {r.title} ({r.lead_institution}) · {r.get_status_display()}"
        )


class AgendaRemoveForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()


class AddToMeetingForm(forms.Form):
    """The "add to meeting" form of the staff request page."""

    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), empty_label=None
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class AssessmentForm(forms.Form):
    """One score (1–5) and comment per active criterion, then the proposed decision."""

    decision = forms.ChoiceField(label=_("Proposed decision"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason for a rejection"),
        choices=[("", "–"), *RejectionReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Sent with the decision to the partner; for “Ask for information”, the questions."
        ),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item: AgendaItem, criteria, **kwargs):
        scores = {score.criterion_id: score for score in item.scores.all()}
        initial = {
            "decision": item.proposed_decision,
            "reason": item.rejection_reason,
            "note": item.note,
        }
        for criterion in criteria:
            score = scores.get(criterion.pk)
            initial[f"score_{criterion.pk}"] = score.value if score else None
            initial[f"comment_{criterion.pk}"] = score.comment if score else ""
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        self.fields["decision"].choices = [
            ("", _("No decision yet")),
            *((t.name, t.label) for t in proposable_decisions(item.status_seen)),
        ]
        self.rows = []
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score for “%(criterion)s”") % {"criterion": criterion.name},
                help_text=criterion.guidance,
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=TEXT_MAX,
            )
            self.rows.append(
                (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            )
        self.order_fields([name for name in self.fields if name.startswith(("score_", "comment_"))])

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        note = (cleaned.get("note") or "").strip()
        if decision == "reject" and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason for the rejection."))
        if decision == "reject" and cleaned.get("reason") == RejectionReason.OTHER and not note:
            self.add_error("note", _("Explain the other reason to the partner."))
        if decision == "request_info" and not note:
            self.add_error("note", _("Write the questions for the partner."))
        return cleaned

    def scores(self) -> list[ScoreInput]:
        return [
            ScoreInput(
                criterion=criterion,
                value=self.cleaned_data.get(f"score_{criterion.pk}"),
                comment=self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        ]
