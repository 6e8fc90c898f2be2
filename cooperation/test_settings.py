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
