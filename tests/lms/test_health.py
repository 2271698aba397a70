"""/health/ answers 503 naming the dependency a page would fail on, so the load balancer takes
the node out; 200 only when every one answers."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1
BACKENDS = ["django.core.cache.backends.redis.RedisCache", "django_redis.cache.RedisCache"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_health_answers_503_naming_the_cache_when_redis_is_unreachable(client, backend):
    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": CLOSED_PORT}}):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["cache"] == "unavailable"
    assert "cache" in body["failed"]
    assert body["database"] == "ok"


def test_sessions_kept_in_an_unreachable_cache_are_named_too(client):
    caches = {"default": {"BACKEND": BACKENDS[0], "LOCATION": CLOSED_PORT}}
    with override_settings(CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cache"):
        body = client.get("/health/").json()
    assert body["failed"] == ["cache", "sessions"]


def test_health_answers_200_with_a_reachable_redis(client):
    caches = {
        "default": {
            "BACKEND": BACKENDS[1],
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"health-test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/health/")
    assert response.status_code == 200, response.content
    assert response.json()["cache"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")
