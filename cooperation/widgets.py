"""A ``<select>`` rendered in Python, for the filter forms of the large staff lists.

Django renders each ``<option>`` through a template: about 0.1 ms an option, so the queue's and
the roster's filter forms (countries, thematic areas, languages, officers: hundreds of options)
spent more time building their HTML than the database spent finding the page. Same markup.
"""

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import translation
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


CHOICES_CACHE_SECONDS = 10 * 60


def cached_choices(form: forms.Form, fields: dict[str, str]) -> None:
    """Render the options of these model-choice fields from the cache (``{field: cache name}``).

    For reference data (countries, thematic areas, languages), which changes only when the
    reference data is loaded again: the page no longer reads and builds those rows each time.
    Validation still goes through the field's queryset, so a stale list never lets a wrong
    value in; at worst a new entry appears in the menu a few minutes late.
    """
    language = translation.get_language() or ""
    for name, key in fields.items():
        field = form.fields[name]
        cache_key = f"choices:{key}:{language}"
        choices = cache.get(cache_key)
        if choices is None:
            choices = [(str(value), str(label)) for value, label in field.choices]
            cache.set(cache_key, choices, CHOICES_CACHE_SECONDS)
        field.widget.choices = choices
