from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()
