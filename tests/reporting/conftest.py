import pytest
from django.core.cache import cache

from .data import build_programme


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public figures are cached: each test starts from its own data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    """The hand-counted programme of ``data.py``."""
    return build_programme()
