"""Forms of the shortlist page (staff). Validation only: the writes are in
``experts.shortlists``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Shortlist
from .selectors import experts_matchable

NOTE_MAX_LENGTH = 500


class NoteForm(forms.Form):
    """Dropping a candidate needs a reason; restoring one may have a note."""

    note = forms.CharField(label=_("Reason"), max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address"), max_length=100, required=False)

    def query(self) -> str:
        """The search text, or "" when the input is not valid."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class CandidateAddForm(forms.Form):
    expert = forms.ModelChoiceField(queryset=experts_matchable(), widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why this expert"), max_length=NOTE_MAX_LENGTH)


class SelectionForm(forms.Form):
    entries = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, shortlist: Shortlist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = shortlist.entries.filter(dropped=False)
