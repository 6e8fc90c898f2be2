"""Hostile, random, huge and malformed input to every form and htmx endpoint of the portal.

For each audience, the forms are read from the HTML of every page it may open (the GET lines of
the authorization matrix), so a new form is covered as soon as a page shows it. Hypothesis then
posts values to each form, as a browser or htmx would: mostly plausible ones (so that many are
saved) carrying script and markup, mixed with random text, 100 KB strings, NUL bytes, invalid
UTF-8, wrong types, repeated and missing fields and hostile file names.

Two properties must hold: no answer is a server error, and no page, the one answering or the pages
that show what was saved, contains the hostile markup unescaped. Each form runs in a savepoint
that is rolled back, so every form starts from the same world.
"""

import datetime
from urllib.parse import quote_from_bytes, quote_plus, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .authorization_matrix import ENTRIES, QUERIES, TARGETS
from .html_forms import Field, Form, forms_on
from .world import PDF, World, build_world

FUZZ_AUDIENCES = ("anonymous", "partner_a", "expert_1", "manager")
EXAMPLES_PER_FORM = 20

# Markup that is harmless only when escaped: none of it may reach a page as it was typed.
MARKERS = (
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus=alert(1) x='",
)
HOSTILE = (
    *MARKERS,
    "javascript:alert(1)",
    "{{ request.user.password }}{% debug %}",
    "'; DROP TABLE accounts_user; --",
    "with\x00nul",
    "\u202egnp.exe",
    "../../../../etc/passwd",
    "😀" * 50,
)
HOSTILE_FILE_NAMES = ("report.pdf", "<script>.pdf", "../../x.pdf", "a" * 300 + ".pdf", "cv.exe")

# Pages where saved text shows up again, checked after each form, per audience.
DISPLAY_PAGES = {
    "anonymous": (),
    "partner_a": (
        "partners:home",
        "partners:institution_detail",
        "cooperation:partner_requests",
        "cooperation:partner_request_detail",
        "cooperation:partner_request_review",
        "cooperation:action_detail",
        "missions:partner_mission",
    ),
    "expert_1": ("experts:profile", "missions:expert_invitation", "missions:expert_report"),
    "manager": (
        "partners:staff_institution_list",
        "partners:staff_institution_detail",
        "cooperation:staff_home",
        "cooperation:staff_request_detail",
        "cooperation:action_detail",
        "experts:roster_detail",
        "missions:staff_mission",
        "missions:staff_report",
        "audit:record_list",
    ),
}
# The header's logout form ends the session the other forms need.
SKIPPED_ACTIONS = ("accounts:logout",)

MISSING = object()  # the field is left out of the submission

any_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.just("x" * 100_000),
    st.binary(max_size=64),  # invalid UTF-8 among others
    st.integers().map(str),
    st.just(""),
)
plausible_text = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=80))
uploads = st.builds(
    SimpleUploadedFile,
    name=st.sampled_from(HOSTILE_FILE_NAMES),
    content=st.one_of(st.just(PDF), st.binary(max_size=2048), st.just(b"")),
)


def plausible(field: Field) -> st.SearchStrategy:
    options = [option for option in field.options if option] or [field.value or "on"]
    if field.kind in ("select", "radio"):
        return st.sampled_from(options)
    if field.kind == "select-multiple" or (field.kind == "checkbox" and len(options) > 1):
        return st.lists(st.sampled_from(options), max_size=len(options), unique=True)
    if field.kind == "checkbox":
        return st.sampled_from([options[0], MISSING])
    if field.kind == "number":
        return st.integers(min_value=-5, max_value=10**6).map(str)
    if field.kind == "date":
        dates = st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))
        return dates.map(datetime.date.isoformat)
    if field.kind == "hidden":
        return st.just(field.value)
    if field.kind == "file":
        return uploads
    return plausible_text


def value_of(field: Field) -> st.SearchStrategy:
    """Plausible twice as often as wrong, so that many submissions are saved."""
    wrong = any_text if field.kind != "file" else st.one_of(any_text, uploads)
    return st.one_of(
        plausible(field),
        plausible(field),
        wrong,
        st.just(MISSING),
        st.lists(wrong, min_size=2, max_size=3),
    )


def submissions(form: Form) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: value_of(field) for name, field in form.fields.items()})


def _pairs(values: dict) -> list[tuple[str, object]]:
    pairs = []
    for name, value in values.items():
        if value is MISSING:
            continue
        for item in value if isinstance(value, list) else [value]:
            if item is not MISSING:
                pairs.append((name, item))
    return pairs


def _urlencoded(pairs: list[tuple[str, object]]) -> str:
    def quote(value) -> str:
        if isinstance(value, bytes):
            return quote_from_bytes(value)
        if isinstance(value, SimpleUploadedFile):
            return quote_plus(value.name)
        return quote_plus(value)

    return "&".join(f"{quote_plus(name)}={quote(value)}" for name, value in pairs)


def send(client: Client, form: Form, values: dict, *, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    pairs = _pairs(values)
    if form.method == "get":
        return client.get(f"{urlsplit(form.action).path}?{_urlencoded(pairs)}", headers=headers)
    if form.multipart:
        data: dict[str, list] = {}
        for name, value in pairs:
            # Raw bytes go into the url-encoded forms; multipart parts carry text.
            data.setdefault(name, []).append(
                value.decode("latin-1") if isinstance(value, bytes) else value
            )
        return client.post(form.action, data, headers=headers)
    return client.generic(
        "POST",
        form.action,
        _urlencoded(pairs),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def unescaped_markers(response) -> list[str]:
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return []
    content = response.content.decode(errors="replace")
    return [marker for marker in MARKERS if marker in content]


def page_url(world: World, url_name: str) -> str:
    url = reverse(url_name, kwargs=TARGETS[ENTRIES[url_name].target](world))
    return f"{url}?{QUERIES[url_name]}" if url_name in QUERIES else url


def logged_in(world: World, audience: str) -> Client:
    client = Client()
    if world.user(audience) is not None:
        client.force_login(world.user(audience))
    return client


def forms_of(world: World, audience: str) -> dict[tuple[str, str], Form]:
    """Every form on every page the audience may open, once per method and target."""
    client = logged_in(world, audience)
    skipped = {reverse(name) for name in SKIPPED_ACTIONS}
    forms = {}
    for url_name, entry in ENTRIES.items():
        if entry.method != "GET" or entry.expected[audience] != "200":
            continue
        url = page_url(world, url_name)
        response = client.get(url)
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode(), page_path=urlsplit(url).path):
            if form.action not in skipped:
                forms.setdefault((form.method, form.action), form)
    return forms


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(world: World, audience: str, form: Form) -> None:
    client = logged_in(world, audience)

    @FUZZ_SETTINGS
    @given(values=submissions(form), htmx=st.booleans())
    def submit(values: dict, htmx: bool) -> None:
        response = send(client, form, values, htmx=htmx)

        assert response.status_code < 500
        assert unescaped_markers(response) == []

    submit()
    readers = {audience: client, "manager": logged_in(world, "manager")}
    for reader, reader_client in readers.items():
        for url_name in DISPLAY_PAGES[reader]:
            response = reader_client.get(page_url(world, url_name))
            assert response.status_code < 500, url_name
            assert unescaped_markers(response) == [], f"{url_name} as {reader}"


def report(error: Exception, limit: int = 400) -> str:
    """The error and Hypothesis' smallest failing submission, long values cut short."""
    lines = [repr(error), *getattr(error, "__notes__", [])]
    return "\n".join(line if len(line) <= limit else f"{line[:limit]}…" for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize("audience", FUZZ_AUDIENCES)
def test_forms_survive_hostile_input_and_show_it_escaped(audience):
    world = build_world()
    forms = forms_of(world, audience)
    failures = {}

    for (method, action), form in forms.items():
        with transaction.atomic():
            try:
                fuzz(world, audience, form)
            except Exception as error:
                failures[f"{method.upper()} {action}"] = report(error)
            transaction.set_rollback(True)

    assert len(forms) > 0
    assert not failures, "\n\n".join(f"{form}: {why}" for form, why in failures.items())
