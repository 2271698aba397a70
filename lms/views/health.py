from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Load-balancer probe: 200 when the database answers, 503 with the reason when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Health check: database unavailable: %s", exc)
        return JsonResponse(
            {
                "status": "error",
                "database": "unavailable",
                "reason": str(exc) or type(exc).__name__,
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
