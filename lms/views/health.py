"""Load-balancer probe: every dependency a page needs, so a node that would answer 500 is taken
out of rotation instead.

A page needs the database, the default cache (rate limits, rendered lesson bodies, and with
Redis the sessions too) and the session backend. Each is checked with a read (and the cache with a
write); the answer names what failed and nothing more (the reason goes to the log, not to the
public).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_KEY = "lms:health:probe"


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    token = secrets.token_hex(4)
    cache.set(PROBE_KEY, token, timeout=10)
    if cache.get(PROBE_KEY) != token:
        raise RuntimeError("the cache did not return what was just written to it")


def _check_sessions() -> None:
    # exists() reads through every layer the engine has (cache and database for cached_db).
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.exists(f"health-probe-{secrets.token_hex(8)}")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "sessions": _check_sessions,
}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", ...} when every dependency answers; 503 naming the failed ones."""
    body: dict[str, object] = {}
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure of a dependency means "take this node out"
            logger.warning("Health check: %s unavailable: %s", name, error)
            failed.append(name)
            body[name] = "unavailable"
        else:
            body[name] = "ok"
    if failed:
        return JsonResponse({"status": "error", "failed": failed, **body}, status=503)
    return JsonResponse({"status": "ok", **body})
