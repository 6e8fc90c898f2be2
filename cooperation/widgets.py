"""A ``<select>`` rendered in Python, for the filter forms of the large staff lists.

Django renders each ``<option>`` through a template: about 0.1 ms an option, so the queue's and
the roster's filter forms (countries, thematic areas, languages, officers: hundreds of options)
spent more time building their HTML than the database spent finding the page. Same markup.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class Select(forms.Select):  # named Select so that BoundField.widget_type stays "select"
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, choices, _index in widget["optgroups"]:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in choices),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, options)
                if group
                else options
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            SafeString("".join(groups)),
        )


def fast_selects(form: forms.Form) -> None:
    """Render every plain ``<select>`` of ``form`` with ``Select``."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = Select
