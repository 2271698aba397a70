"""Counting attempts in the shared cache: the one limiter behind join codes, certificate
verification, the public forms and roll-call check-in codes.

Counters live in the default cache (Redis in production) so a limit holds across workers and
app servers. A window starts at the first attempt and lasts `seconds`. Who is counted is the
caller's choice of key: a client address (lms.client_ip.client_network), a person, a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

KEY_PREFIX = "lms:limit"


@dataclass(frozen=True)
class Limit:
    """At most `attempts` in `seconds` per key, counted under `scope`."""

    scope: str
    attempts: int
    seconds: int

    def _cache_key(self, key: str) -> str:
        return f"{KEY_PREFIX}:{self.scope}:{key}"


def limit_reached(limit: Limit, *, key: str) -> bool:
    """True when `key` has used every attempt of the current window (counts nothing)."""
    return (cache.get(limit._cache_key(key)) or 0) >= limit.attempts


def count_attempt(limit: Limit, *, key: str) -> int:
    """Count one attempt for `key`; returns the attempts in the window, this one included."""
    cache_key = limit._cache_key(key)
    if cache.add(cache_key, 1, timeout=limit.seconds):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.add(cache_key, 1, timeout=limit.seconds)
        return 1


def allow_attempt(limit: Limit, *, key: str) -> bool:
    """Count one attempt; False once `key` is over the limit for this window."""
    return count_attempt(limit, key=key) <= limit.attempts
