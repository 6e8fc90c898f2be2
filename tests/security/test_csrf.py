"""Every URL refuses a POST without a CSRF token, whoever sends it; no view is exempt."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .authorization_matrix import ENTRIES, TARGETS
from .world import AUDIENCES, build_world


def url_patterns(patterns=None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern with its ``namespace:name``, the admin's too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from url_patterns(pattern.url_patterns, inner)
        else:
            yield ":".join(filter(None, (namespace, pattern.name or str(pattern.pattern)))), pattern


def test_no_view_is_exempt_from_csrf_checks():
    exempt = [
        name for name, pattern in url_patterns() if getattr(pattern.callback, "csrf_exempt", False)
    ]

    assert exempt == []


def user_of(entry) -> str:
    """Who may use the URL: the first audience that gets past its permission check."""
    return next(
        (audience for audience in AUDIENCES if entry.expected[audience] not in ("login", "404")),
        "anonymous",
    )


@pytest.mark.django_db
def test_every_url_refuses_a_post_without_a_csrf_token():
    world = build_world()
    clients = {}
    for audience in AUDIENCES:
        clients[audience] = Client(enforce_csrf_checks=True)
        if world.user(audience) is not None:
            clients[audience].force_login(world.user(audience))
    accepted = {}

    for name, entry in ENTRIES.items():
        url = reverse(name, kwargs=TARGETS[entry.target](world))
        for audience in {user_of(entry), "anonymous"}:
            response = clients[audience].post(url, {"title": "Sent from another site"})
            if response.status_code != 403 or "403_csrf.html" not in [
                template.name for template in response.templates
            ]:
                accepted[f"{name} ({audience})"] = response.status_code

    assert accepted == {}


@pytest.mark.django_db
def test_a_post_with_the_token_gets_through():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.get(reverse("accounts:login"))
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(
        reverse("accounts:login"),
        {"username": "nobody@example.org", "password": "wrong", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 200
