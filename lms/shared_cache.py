"""Forgetting everything this site keeps in the shared cache, after its database was replaced.

The cache holds answers that are only as fresh as the stamps beside them (lms.freshness): kept
accounts, roles, pages, lesson bodies by revision id, cached copies of sessions. Stamps move
when the site itself writes. A database put back from a backup, or a benchmark data set made
again from scratch, changes the rows behind the site's back, so ids, password hashes and
account states in the cache may belong to rows that no longer exist. Deleting every entry under
the site's key prefix makes each answer be worked out again from the database.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache


def _glob_escaped(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


# Caches that live in this process only: clearing them touches nobody else.
PER_PROCESS_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


class UnsupportedCache(Exception):
    """The configured cache is shared but not one this module knows how to clear by prefix."""


def forget_all() -> int:
    """Delete every entry of this site's default cache (every version under its key prefix);
    returns how many were deleted, or -1 when the whole (per-process) cache was cleared.

    Any other shared backend is refused rather than cleared: Django's clear() on Redis or
    memcached empties the whole store, other sites' entries included.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_BACKENDS:
        cache.clear()
        return -1
    if backend != "django_redis.cache.RedisCache":
        raise UnsupportedCache(
            f"Cannot clear only this site's entries from {backend}; clear that cache by hand "
            "(this site uses django-redis, see REDIS_URL)."
        )
    from django_redis import get_redis_connection

    client = get_redis_connection("default")
    # Django's keys are "<prefix>:<version>:<key>"; other sites may share the Redis database.
    pattern = _glob_escaped(settings.CACHES["default"].get("KEY_PREFIX", "")) + ":*"
    deleted = 0
    batch: list[bytes] = []
    for key in client.scan_iter(match=pattern, count=1000):
        batch.append(key)
        if len(batch) == 1000:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return deleted
