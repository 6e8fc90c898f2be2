"""The pages shown when the service itself fails: 500 for a bug, 503 with Retry-After when the
database cannot be reached."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path

from cooperation.urls import urlpatterns as portal_urlpatterns


def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


def connection_lost(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ZeroDivisionError


urlpatterns = [
    *portal_urlpatterns,
    path("test/database-down/", database_down),
    path("test/connection-lost/", connection_lost),
    path("test/bug/", bug),
]
handler500 = "cooperation.views.errors.server_error"


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/test/database-down/", "/test/connection-lost/"])
def test_an_unreachable_database_answers_503_with_retry_after(client, url):
    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "The service is briefly unavailable" in content
    assert "what you sent was not saved" in content


def test_a_bug_answers_the_500_page(client):
    response = client.get("/test/bug/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
