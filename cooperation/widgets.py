"""A ``<select>`` rendered in Python, for the filter forms of the large staff lists.

Django renders each ``<option>`` through a template: about 0.1 ms an option, so the queue's and
the roster's filter forms (countries, thematic areas, languages, officers: hundreds of options)
spent more time building their HTML than the database spent finding the page. Same markup.
"""

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django_filters.widgets import BaseCSVWidget


class Select(forms.Select):  # named Select so that BoundField.widget_type stays "select"
    """Django's markup, written out directly: no option dictionaries (``optgroups``), no
    template per option. Selection as in Django: the first option whose value matches."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            grouped = isinstance(option_label, (list, tuple))
            if grouped:
                parts.append(f'<optgroup label="{escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                subvalue = "" if subvalue is None else subvalue
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in values
                has_selected |= selected
                parts.append(
                    f'<option value="{escape(subvalue)}"{" selected" if selected else ""}>'
                    f"{escape(sublabel)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        return format_html(
            '<select name="{}"{}>{}</select>', name, _attrs(attrs), SafeString("".join(parts))
        )


def _attrs(attrs: dict) -> SafeString:
    """As ``django/forms/widgets/attrs.html``: in order, False left out, True as a bare name."""
    return SafeString(
        "".join(
            f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
            for key, value in attrs.items()
            if value is not False
        )
    )


class CSVSelect(BaseCSVWidget, Select):
    """django-filter's ``CSVSelect`` (the "Sort by" of an ``OrderingFilter``), rendered by
    ``Select``; named like it so that ``BoundField.widget_type`` stays "csvselect"."""


def fast_selects(form: forms.Form) -> None:
    """Render every plain ``<select>`` of ``form`` with ``Select`` (django-filter's single-value
    ``CSVSelect`` with ``CSVSelect``)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            widget.__class__ = Select
        elif type(widget).__bases__ == (BaseCSVWidget, forms.Select):
            widget.__class__ = CSVSelect
