"""People using the portal over HTTP, as a browser would: a cookie jar, the CSRF token, forms
read from the pages and filled in, redirects followed. Standard library only (urllib)."""

import datetime
import http.client
import http.cookiejar
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

TIMEOUT = 30


class PortalError(Exception):
    """The portal answered with an error, or did not answer, to a request sent at ``started``
    (``time.monotonic()``)."""

    def __init__(self, message: str, *, started: float | None = None):
        super().__init__(message)
        self.started = time.monotonic() if started is None else started


@dataclass
class _Form:
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, kind, value
    options: dict[str, list[str]] = field(default_factory=dict)


class _Forms(HTMLParser):
    """The POST forms of a page, with their fields and the options of their choices."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name", "")
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self._form = _Form(action=attributes.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox"):
                self._form.options.setdefault(name, []).append(attributes.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._form.fields.append((name, kind, attributes.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            self._form.options.setdefault(name, [])
        elif tag == "option" and self._select:
            self._form.options[self._select].append(attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._form.fields.append((name, "textarea", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _plausible(name: str, kind: str, value: str) -> str:
    today = datetime.date.today()
    if kind == "hidden":
        return value
    if kind == "date":
        days = 120 if name.endswith(("end", "until")) else 60
        return (today + datetime.timedelta(days=days)).isoformat()
    if kind == "number":
        return "2"
    return value or f"Reliability run: {name.replace('_', ' ')}"


class Session:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[str, str]:
        """GET (or POST ``data`` with the CSRF token); return the final URL path and the body."""
        started = time.monotonic()
        body = None
        if data is not None:
            body = urllib.parse.urlencode([("csrfmiddlewaretoken", self._csrf()), *data]).encode()
        try:
            with self.opener.open(f"{self.base_url}{path}", data=body, timeout=TIMEOUT) as answer:
                return urllib.parse.urlsplit(answer.url).path, answer.read().decode()
        except urllib.error.HTTPError as error:
            raise PortalError(f"{error.code} for {path}", started=started) from error
        except (OSError, http.client.HTTPException) as error:
            message = f"{type(error).__name__} for {path}: {error}"
            raise PortalError(message, started=started) from error

    def fill_in(self, page: str, *, action: str = "", values: dict[str, str] | None = None):
        """Fill in the page's form (the one posting to ``action``, by default the page itself)
        with ``values`` and plausible values for the other fields (the first of each choice)
        and send it; return where the portal led."""
        _path, html = self.request(page)
        parser = _Forms()
        parser.feed(html)
        target = action or page
        form = next(f for f in parser.forms if (f.action or page) == target)
        data = [(name, _plausible(name, kind, value)) for name, kind, value in form.fields]
        for name, options in form.options.items():
            real = [option for option in options if option]
            if real:
                data.append((name, real[0]))
        given = values or {}
        data = [(name, given.get(name, value)) for name, value in data]
        return self.request(target, data)

    def log_in(self, email: str, password: str) -> None:
        self.request("/accounts/login/")
        path, _html = self.request(
            "/accounts/login/", [("username", email), ("password", password)]
        )
        if path.startswith("/accounts/login"):
            raise PortalError(f"could not log in as {email}")


REQUEST_PATH = re.compile(r"^/requests/(\d+)/")
SECTIONS = ("context", "objectives", "target-groups", "themes", "modality", "expertise")


def request_prepare(session: Session, *, title: str) -> int:
    """Create a request and fill in every section of its form; return its id."""
    path, _html = session.fill_in("/requests/new/", values={"title": title})
    match = REQUEST_PATH.match(path)
    if match is None:
        raise PortalError(f"the new request was not created (ended on {path})")
    pk = int(match.group(1))
    for section in SECTIONS:
        session.fill_in(f"/requests/{pk}/edit/{section}/")
    return pk


def request_send(session: Session, pk: int) -> None:
    """Submit the prepared request: it leaves the draft state with its reference."""
    path, _html = session.request(f"/requests/{pk}/submit/", [])
    if path != f"/requests/{pk}/":
        raise PortalError(f"request {pk} was not submitted (ended on {path})")


STAFF_FILTERS = ("", "status=open", "status=submitted", "sort=-submitted", "q=social", "q=REQ")


def queue_browse(session: Session, rng: random.Random) -> None:
    """One look at the triage queue: a filter, then a few pages of it."""
    query = rng.choice(STAFF_FILTERS)
    for page in range(1, rng.randint(2, 4)):
        session.request(f"/staff/requests/?{query}&page={page}")
