"""Settings for the test suite: the real settings with faster hashing and isolated files."""

import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cooperation-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cooperation-test-static-"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process has its own cache, emptied before every test (tests/conftest.py), even when the
# suite runs with a Redis broker: a cached menu or figure never leaks from one test into another,
# and clearing never touches the broker's queues.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
