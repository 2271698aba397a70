"""/health/ answers 503 naming the dependency a page would fail on, so the load balancer takes
the node out; 200 only when every one answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

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


# --- Behind the load balancer ---------------------------------------------------------------
# A probe speaks plain HTTP to the app server and names it by its own address; production
# redirects plain HTTP to HTTPS and refuses hosts not in ALLOWED_HOSTS. Either answer (301 or
# 400) would be the same with Redis up or down, so the probe is answered before both.

NODE = "10.0.0.5:8000"


@pytest.fixture
def production_front(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["training.example.org"]


@pytest.mark.usefixtures("production_front")
def test_a_probe_over_plain_http_to_the_node_address_gets_the_real_answer(client):
    assert client.get("/", HTTP_HOST=NODE).status_code == 400  # pages still check the host
    redirect = client.get("/", HTTP_HOST="training.example.org")
    assert redirect.status_code == 301  # and still go to HTTPS

    response = client.get("/health/", HTTP_HOST=NODE)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.usefixtures("production_front")
def test_a_probe_over_plain_http_sees_redis_down(client):
    caches = {"default": {"BACKEND": BACKENDS[1], "LOCATION": CLOSED_PORT}}
    with override_settings(CACHES=caches):
        response = client.get("/health/", HTTP_HOST=NODE)
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache", "sessions"]  # sessions read through it


ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup(); import json; from django.test import Client; "
    "r = Client().get('/health/', HTTP_HOST='10.0.0.5:8000'); "
    "print(json.dumps({**json.loads(r.content), 'http': r.status_code}))"
)


def probe_under_production_settings(tmp_path, **environment) -> dict:
    """/health/ as a load balancer asks it, in a process running the production settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "training.example.org",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    }
    if "REDIS_URL" not in environment:
        env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_answer_503_naming_redis_when_it_is_down(tmp_path):
    body = probe_under_production_settings(tmp_path, REDIS_URL=CLOSED_PORT)
    assert body["http"] == 503
    # Production keeps sessions in Redis (cached_db): both are named.
    assert body["failed"] == ["cache", "sessions"]
    assert body["database"] == "ok"


def test_production_settings_answer_503_naming_the_database_when_it_is_down(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    body = probe_under_production_settings(tmp_path, DATABASE_URL=f"sqlite:///{missing}")
    assert body["http"] == 503
    assert body["failed"] == ["database", "sessions"]
    assert body["cache"] == "ok"
