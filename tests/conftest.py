from __future__ import annotations

import pytest
from django.core.cache import cache

from courses.signals import course_completed
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


@pytest.fixture
def signed_in(client, user):
    """The test client signed in as `user` (a module overrides `user` to sign in someone else)."""
    client.force_login(user)
    return client


@pytest.fixture
def completions_sent():
    """The keyword arguments of every course_completed signal sent during the test."""
    sent: list[dict] = []
    course_completed.connect(
        lambda sender, **kwargs: sent.append(kwargs), weak=False, dispatch_uid="tests.completions"
    )
    yield sent
    course_completed.disconnect(dispatch_uid="tests.completions")


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the data migrations created (home page, site, groups,
    workflow, collections). Without this, one transactional test's flush leaves an empty
    database behind, and its post_migrate rows clash with the next test's restored ones."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        restored = pytest.mark.django_db(
            *marker.args, **{**marker.kwargs, "serialized_rollback": True}
        )
        item.add_marker(restored, append=False)  # first, so pytest-django reads this one
