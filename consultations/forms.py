"""Forms of the consultation pages: they validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Country

from .models import ANSWER_CHOICES, MAX_TEXT, AnswerStatus, StakeholderContact
from .services import MAX_WORKING_DAYS


class ContactForm(forms.ModelForm):
    class Meta:
        model = StakeholderContact
        fields = ["country", "kind", "organisation", "name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.partners().order_by("name")


class SendForm(forms.Form):
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Stakeholders"),
        queryset=StakeholderContact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one stakeholder to consult.")},
    )
    working_days = forms.IntegerField(
        label=_("Working days to answer"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        initial=5,
        help_text=_("Monday to Friday; silence until the deadline counts as no objection."),
    )
    message = forms.CharField(
        label=_("Message to the stakeholders"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = contacts
        if not self.is_bound:
            self.fields["stakeholders"].initial = list(contacts)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required with an objection or a comment."),
    )

    def clean(self):
        cleaned = super().clean()
        status, text = cleaned.get("status"), (cleaned.get("text") or "").strip()
        if status == AnswerStatus.OBJECTION and not text:
            self.add_error("text", _("Please give the reason for the objection."))
        if status == AnswerStatus.COMMENT and not text:
            self.add_error("text", _("Please write your comment."))
        return cleaned


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
