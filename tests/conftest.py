"""Fixtures and rules shared by the whole test suite.

- ``CI=true`` turns a missing service or browser into a failure; without it such tests skip with
  the reason (see ``require_service``).
- Tests in ``tests/worker/`` (marker ``worker``) need CELERY_BROKER_URL and start a real Celery
  worker; every other test runs its tasks eagerly, whatever broker is configured.
- Tests in ``tests/browser/`` (marker ``browser``) drive Debian's Chromium through Playwright
  against ``live_server`` and save a screenshot of each page they load under test-artifacts/.
- Tests marked ``postgres`` run only when the database is PostgreSQL.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest

CI = os.environ.get("CI") == "true"

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WORKER_START_TIMEOUT = 30.0
WORKER_STOP_TIMEOUT = 15.0

# Every user made by the fixtures below has this password (fixture ``password`` too).


def require_service(reason: str) -> NoReturn:
    """A service, browser or tool the test needs is missing: fail under CI, skip elsewhere."""
    if CI:
        pytest.fail(f"{reason} (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(reason)


# --- Markers: by folder, and what each needs ----------------------------------------------------

_MARKER_BY_FOLDER = {"browser": "browser", "worker": "worker"}


def _broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "").strip()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = Path(__file__).resolve().parent
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    no_broker = pytest.mark.skip(
        reason="set CELERY_BROKER_URL to run tests that need a real worker"
    )
    not_postgres = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation"
    )
    for item in items:
        try:
            relative = Path(item.path).resolve().relative_to(tests_dir)
        except ValueError:
            relative = None
        if relative is not None and len(relative.parts) > 1:
            marker = _MARKER_BY_FOLDER.get(relative.parts[0])
            if marker:
                item.add_marker(marker)
        if item.get_closest_marker("worker") and not _broker_url():
            item.add_marker(no_broker)
        if item.get_closest_marker("postgres") and not on_postgres:
            item.add_marker(not_postgres)
    # Browser tests last: Playwright's sync API leaves an event loop in the test thread for the
    # rest of the session, which would trip up later tests that run asyncio themselves.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


_broker_answer: dict[str, str | None] = {}


def _broker_problem(url: str) -> str | None:
    """None when the broker answers, else why not (checked once per session)."""
    if url not in _broker_answer:
        try:
            if url.startswith(("redis://", "rediss://")):
                import redis

                redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
            else:
                from kombu import Connection

                with Connection(url, connect_timeout=3) as connection:
                    connection.ensure_connection(max_retries=1)
            _broker_answer[url] = None
        except Exception as error:
            _broker_answer[url] = f"{type(error).__name__}: {error}"
    return _broker_answer[url]


def pytest_runtest_setup(item: pytest.Item) -> None:
    url = _broker_url()
    if item.get_closest_marker("worker") and url:
        problem = _broker_problem(url)
        if problem:
            require_service(
                f"the Celery broker {_without_password(url)} does not answer a PING ({problem}); "
                "start Redis or let .ci/run start it"
            )


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Start every test with an empty cache (cached menus and dashboard figures)."""
    from django.core.cache import cache

    cache.clear()


# --- Celery: eager for ordinary tests, a real worker for the worker tests ------------------------


@pytest.fixture(autouse=True)
def _tasks_run_eagerly_unless_worker_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Ordinary tests run their tasks in-process, as ``make run`` does, even when the suite runs
    with a real broker (the PostgreSQL pass): only tests marked ``worker`` send tasks to Redis."""
    if request.node.get_closest_marker("worker") or not _broker_url():
        yield
        return
    from django.conf import settings

    from cooperation.celery import app

    previous = (app.conf.task_always_eager, settings.CELERY_TASK_ALWAYS_EAGER)
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    try:
        yield
    finally:
        app.conf.task_always_eager, settings.CELERY_TASK_ALWAYS_EAGER = previous


@dataclass
class WorkerProcess:
    """A real ``celery worker`` subprocess serving the test database."""

    hostname: str
    process: subprocess.Popen
    log_path: Path


def _test_database_url(database: dict[str, Any]) -> str:
    """DATABASE_URL with its database name replaced by the test database's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    return urlunsplit(urlsplit(url)._replace(path="/" + database["NAME"]))


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup: None, django_db_blocker: Any) -> Iterator[WorkerProcess]:
    """Start ``celery -A cooperation worker --pool=solo`` against the test database.

    Tests that use it must also use ``transactional_db``, so that what they write is committed and
    the worker sees it.
    """
    url = _broker_url()
    if not url:
        pytest.skip("set CELERY_BROKER_URL to run tests that need a real worker")
    problem = _broker_problem(url)
    if problem:
        require_service(f"the Celery broker {_without_password(url)} does not answer ({problem})")

    from django.conf import settings
    from django.db import connection

    from cooperation.celery import app

    if connection.vendor == "sqlite":
        pytest.skip(
            "worker tests need a database the worker process can open: "
            "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cooperation"
        )

    with django_db_blocker.unblock():
        app.control.purge()

    hostname = f"pytest-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS_DIR / "celery-worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cooperation.settings",
        "DATABASE_URL": _test_database_url(settings.DATABASES["default"]),
        "CELERY_BROKER_URL": url,
        # The test settings make a temporary media folder per process: share the test run's.
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "cooperation", "worker",
        "--pool=solo", "-l", "info", "-n", hostname, "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"the Celery worker exited with code {process.returncode} while starting:\n"
                    f"{_log_tail(log_path)}",
                    pytrace=False,
                )
            if app.control.ping(destination=[hostname], timeout=1.0):
                break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the Celery worker did not answer a ping within {WORKER_START_TIMEOUT:.0f} s:"
                    f"\n{_log_tail(log_path)}",
                    pytrace=False,
                )
        yield WorkerProcess(hostname=hostname, process=process, log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WORKER_STOP_TIMEOUT)


# --- Browser tests: Playwright driving Debian's Chromium ----------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (never a browser that Playwright downloads)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        require_service("Debian chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("the playwright package is not installed (pip install -r requirements.txt)")
    # Playwright's sync API runs an event loop in the test thread, which Django would otherwise
    # take for async code and refuse its ORM calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright()
    playwright = manager.start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as error:
            require_service(f"Chromium at {CHROMIUM} did not start: {error}")
        yield chromium
        chromium.close()
    finally:
        manager.__exit__(None, None, None)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")[:120] or "page"


@dataclass
class Screenshots:
    """Saves ``test-artifacts/screenshots/<test>-<n>-<name>.png``, numbered in order."""

    test_name: str
    count: int = 0
    saved: list[Path] = field(default_factory=list)

    def __call__(self, page: Any, name: str) -> Path | None:
        self.count += 1
        path = SCREENSHOTS_DIR / f"{self.test_name}-{self.count:02d}-{_slug(name)}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception:  # a closed page or a crashed browser must not hide the real failure
            return None
        self.saved.append(path)
        return path


def _page_name(url: str) -> str:
    path = urlsplit(url).path.strip("/")
    return path.replace("/", "-") if path else "home"


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Screenshots:
    """``shot(page, "name")`` saves a screenshot now; ``page`` also takes one after each load."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    test_name = _slug(f"{request.node.path.stem}-{request.node.name}")
    for old in SCREENSHOTS_DIR.glob(f"{glob_escape(test_name)}-*.png"):
        old.unlink()
    return Screenshots(test_name=test_name)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


@pytest.fixture
def page(browser: Any, shot: Screenshots, live_server: Any) -> Iterator[Any]:
    """A fresh browser context and page (1280x900) for one test, with ``live_server`` running.

    Each page load (``page.goto``, or a navigation after a click or a form submission) saves a
    screenshot, and so does the end of the test.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.on("load", lambda loaded: shot(loaded, _page_name(loaded.url)))
    try:
        yield new_page
    finally:
        if not new_page.is_closed():
            shot(new_page, "final")
        context.close()


# --- Users --------------------------------------------------------------------------------------


@pytest.fixture
def password() -> str:
    from tests.factories.accounts import PASSWORD

    """The password of every user the factories make, for tests that log in through the form."""
    return PASSWORD


@pytest.fixture
def partner_user(db: None) -> Any:
    from tests import factories

    return factories.PartnerUserFactory(email="partner@example.org", full_name="Ana Partner")


@pytest.fixture
def expert_user(db: None) -> Any:
    from tests import factories

    return factories.ExpertUserFactory(email="expert@example.org", full_name="Erik Expert")


@pytest.fixture
def officer_user(db: None) -> Any:
    from tests import factories

    return factories.OfficerFactory(email="officer@example.org", full_name="Olga Officer")


@pytest.fixture
def manager_user(db: None) -> Any:
    from tests import factories

    return factories.ManagerFactory(email="manager@example.org", full_name="Marta Manager")


def _login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


@pytest.fixture
def login() -> Callable[[Any, Any], Any]:
    """``login(client, user)`` logs the user in on a test client (no password round trip)."""
    return _login
