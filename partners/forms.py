from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Country

from .models import Institution, VerificationStatus
from .selectors import institution_duplicates

ADDRESS_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 2000


def _address_field() -> forms.CharField:
    field = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Checked by the server: a browser maxlength would silently cut a pasted address.
    field.widget.attrs.pop("maxlength")
    return field


def _website_field() -> forms.URLField:
    return forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://www.gov.me/mzd"),
    )


class InstitutionForm(forms.ModelForm):
    """Register an institution. Possible duplicates must be looked at before it is created."""

    website = _website_field()
    address = _address_field()
    confirm_new = forms.BooleanField(
        label=_("None of the institutions listed is mine: register a new one."),
        required=False,
    )

    class Meta:
        model = Institution
        fields = ("country", "name", "acronym", "name_local", "type", "website", "address")
        help_texts = {
            "name": _("The official name, in English."),
            "acronym": _("For example MoH or RZSZ."),
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "organization"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.partners()
        self.duplicates: list[Institution] = []

    def clean(self) -> dict:
        cleaned = super().clean()
        country = cleaned.get("country")
        if country and (cleaned.get("name") or cleaned.get("acronym")):
            self.duplicates = institution_duplicates(
                country=country, name=cleaned.get("name", ""), acronym=cleaned.get("acronym", "")
            )
        if self.duplicates and not cleaned.get("confirm_new"):
            self.add_error(
                "confirm_new",
                _(
                    "Institutions with a similar name exist in this country. If one of them is "
                    "yours, ask to join it; if not, tick this box."
                ),
            )
        return cleaned


class DuplicateQueryForm(forms.Form):
    """What the duplicate suggestions are looked up by, as the user types."""

    country = forms.ModelChoiceField(queryset=Country.objects.partners(), required=False)
    name = forms.CharField(max_length=255, required=False)
    acronym = forms.CharField(max_length=32, required=False)


class InstitutionProfileForm(forms.ModelForm):
    """The focal point keeps the profile current; the country is fixed once registered."""

    website = _website_field()
    address = _address_field()

    class Meta:
        model = Institution
        fields = ("name", "acronym", "name_local", "type", "parent", "website", "address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Institution.objects.filter(country_id=self.instance.country_id)
            .exclude(pk=self.instance.pk)
            .order_by("name")
        )
        self.fields["parent"].help_text = _("The ministry an agency or institute reports to.")

    def clean_parent(self) -> Institution | None:
        parent = self.cleaned_data.get("parent")
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("An institution cannot report to itself or to one of its own units.")
                )
            ancestor = ancestor.parent
        return parent


class VerificationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Verification"), choices=VerificationStatus.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was checked, for the audit trail. The focal points see it too."),
    )

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, initial={"status": institution.verification_status}, **kwargs)
        self.institution = institution

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == self.institution.verification_status:
            raise forms.ValidationError(
                _("The institution already has this status; choose another one.")
            )
        return status
