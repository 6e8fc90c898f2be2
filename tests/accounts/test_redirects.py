import pytest
from django.test import RequestFactory

from accounts.redirects import redirect_local


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/requests/?page=2", "/staff/requests/?page=2"),
        ("https://elsewhere.example/phish", "/accounts/login/"),
        ("//elsewhere.example/phish", "/accounts/login/"),
        ('"><img src=x onerror=alert(1)>', "/accounts/login/"),
        ("accounts:home", "/accounts/login/"),
        ("", "/accounts/login/"),
    ],
)
def test_redirect_local_follows_only_paths_of_this_site(target, expected):
    request = RequestFactory().post("/", {"next": target})

    response = redirect_local(request, request.POST["next"], fallback="accounts:login")

    assert response["Location"] == expected
