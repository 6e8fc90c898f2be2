"""The filter forms' Python-rendered ``<select>``: the same markup as Django's template widget."""

import re

import pytest
from django import forms

from cooperation.widgets import Select, fast_selects

CHOICES = [
    ("", "Any country"),
    ("GE", "Georgia"),
    ("XK", 'Kosovo <"quoted" & escaped>'),
    ("Areas", [(1, "Social protection"), (2, "Health")]),
    (None, "None as a value"),
]


def squeeze(html: str) -> str:
    """Django's templates put newlines between tags; the markup is otherwise the same."""
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "GE", "XK", 2, "2", "not a choice", ["GE", "XK"]])
def test_select_renders_like_django(value):
    attrs = {"id": "id_country", "aria-describedby": "x_helptext", "required": True}
    django = forms.Select(choices=CHOICES).render("country", value, attrs=attrs)
    fast = Select(choices=CHOICES).render("country", value, attrs=attrs)
    assert squeeze(fast) == squeeze(django)


def test_select_escapes_labels_and_selects_once():
    html = Select(choices=[("a", "<b>"), ("a", "again")]).render("f", "a")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count(" selected") == 1


def test_fast_selects_swaps_only_plain_selects():
    class Form(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES[:3])
        radio = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect)

    form = Form(data={"plain": "GE"})
    fast_selects(form)
    assert type(form.fields["plain"].widget) is Select
    assert type(form.fields["radio"].widget) is forms.RadioSelect
    assert form["plain"].widget_type == "select"
    assert '<option value="GE" selected>Georgia</option>' in str(form["plain"])


@pytest.mark.parametrize("value", [None, "", "title", "-title", ["title", "-country"]])
def test_sort_select_renders_like_django_filter(value):
    import django_filters

    class Sorted(django_filters.FilterSet):
        sort = django_filters.OrderingFilter(fields=(("title", "title"), ("country", "country")))

    from cooperation.models import Request

    django = Sorted(queryset=Request.objects.none()).form["sort"]
    fast = Sorted(queryset=Request.objects.none()).form
    fast_selects(fast)
    assert type(fast.fields["sort"].widget).__name__ == "CSVSelect"
    assert fast["sort"].widget_type == django.widget_type == "csvselect"
    attrs = {"id": "id_sort"}
    expected = django.field.widget.render("sort", value, attrs=attrs)
    assert squeeze(fast.fields["sort"].widget.render("sort", value, attrs=attrs)) == squeeze(
        expected
    )
