"""Every URL of the portal, for every audience, answers as ``authorization_matrix.MATRIX`` says,
and no page shows an audience what is hidden from it (internal notes, another institution's
request, another expert's e-mail address)."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from .authorization_matrix import ENTRIES, IGNORED_NAMESPACES, QUERIES, TARGETS, Entry
from .world import AUDIENCES, build_world


def url_names(patterns=None, namespace: str = "") -> Iterator[str]:
    """The names of every URL pattern, nested includes too, as ``namespace:name``."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield ":".join(filter(None, (namespace, pattern.name)))


def test_every_url_has_a_line_in_the_matrix():
    missing = sorted(set(url_names()) - set(ENTRIES))

    assert missing == [], (
        "Add a line for each of these URLs to tests/security/authorization_matrix.py, "
        f"saying what each audience gets: {', '.join(missing)}"
    )


def test_every_line_of_the_matrix_names_a_url():
    assert sorted(set(ENTRIES) - set(url_names())) == []


def answer(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return "login"
    return str(response.status_code)


def body(response) -> str:
    # Exhausting streamed content closes the response: the test client wraps it so that closing
    # does not close the test's database connection (an explicit close() would).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES.values(), ids=str)
def test_authorization_matrix(entry: Entry):
    world = build_world()
    url = reverse(entry.url_name, kwargs=TARGETS[entry.target](world))
    if entry.url_name in QUERIES:
        url = f"{url}?{QUERIES[entry.url_name]}"
    observed, leaked = {}, {}
    for audience in AUDIENCES:
        client = Client()
        if world.user(audience) is not None:
            client.force_login(world.user(audience))
        response = client.get(url) if entry.method == "GET" else client.post(url)
        observed[audience] = answer(response)
        content = body(response)
        shown = [secret for secret in world.secrets_hidden_from(audience) if secret in content]
        if shown:
            leaked[audience] = shown

    assert observed == entry.expected
    assert leaked == {}
