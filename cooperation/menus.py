"""Cached menus: the option lists and filter forms that staff lists show to every viewer alike.

The queue's and the roster's filter forms list hundreds of countries, thematic areas, languages
and officers; building them took more time than finding the page's rows. Their choices, and the
whole filter form's HTML for a given set of submitted values, are kept in the cache under a
version that any change to an officer retires at once (``menus_changed``). Reference data, loaded
by commands, shows within ``MENUS_CACHE_SECONDS``. Validation always goes through the fields'
querysets, so a stale menu never lets a wrong value in.
"""

import hashlib
import time
from collections.abc import Iterator

from django import forms
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe
from django_filters import FilterSet

MENUS_CACHE_SECONDS = 10 * 60
MENUS_VERSION_KEY = "menus:version"
# A user's change to these fields changes what the officer menus show.
OFFICER_MENU_FIELDS = frozenset({"full_name", "email", "role", "is_active"})


def menus_version() -> int:
    """Part of every menu's cache key: a new value, never a count, so that a version lost from
    the cache cannot bring back menus cached under an older one."""
    version = cache.get(MENUS_VERSION_KEY)
    if version is None:
        cache.add(MENUS_VERSION_KEY, time.time_ns(), None)
        version = cache.get(MENUS_VERSION_KEY)
    return version


def menus_changed() -> None:
    """Retire every cached menu."""
    cache.set(MENUS_VERSION_KEY, time.time_ns(), None)


def user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """``post_save``/``post_delete`` of a user: the officer menus may list them."""
    if update_fields is not None and not OFFICER_MENU_FIELDS & set(update_fields):
        return  # a login (last_login), a new password: no menu shows it
    menus_changed()


def _prefix(name: str) -> str:
    return f"{name}:{menus_version()}:{translation.get_language() or ''}"


class CachedChoices(BaseChoiceIterator):
    """A model-choice field's options as (value, label) strings, from the cache, read when the
    menu is first rendered (a form that is never shown reads nothing)."""

    def __init__(self, field: forms.ChoiceField, cache_key: str) -> None:
        self.field = field
        self.cache_key = cache_key
        self.choices: list[tuple[str, str]] | None = None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        if self.choices is None:
            self.choices = cache.get(self.cache_key)
        if self.choices is None:
            self.choices = [(str(value), str(label)) for value, label in self.field.choices]
            cache.set(self.cache_key, self.choices, MENUS_CACHE_SECONDS)
        return iter(self.choices)


def cached_choices(form: forms.Form, fields: dict[str, str]) -> None:
    """Render the options of these model-choice fields from the cache (``{field: cache name}``)."""
    prefix = _prefix("choices")
    for name, key in fields.items():
        field = form.fields[name]
        field.widget.choices = CachedChoices(field, f"{prefix}:{key}")


def _submitted_values(form: forms.Form) -> str:
    """The form's own submitted values (not the page or cursor beside them), as a short key."""
    data = form.data
    values = [
        (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
        for name in form.fields
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def filter_fields(filterset: FilterSet) -> SafeString:
    """The filter form's fields as ``includes/filter_fields.html`` renders them.

    Cached only for a filter set that declares ``form_is_shared = True``: its form shows the same
    to every viewer (no choice depends on who looks), so the HTML depends only on the submitted
    values, the language and the menus' version.
    """
    form = filterset.form
    if not getattr(filterset, "form_is_shared", False):
        return render_to_string("includes/filter_fields.html", {"form": form})
    name = f"filter-fields:{type(filterset).__module__}.{type(filterset).__qualname__}"
    cache_key = f"{_prefix(name)}:{_submitted_values(form)}"
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string("includes/filter_fields.html", {"form": form})
        cache.set(cache_key, str(html), MENUS_CACHE_SECONDS)
    return mark_safe(html)  # rendered and escaped by the template above
