"""Bench-only settings: production's, with a throwaway key, plain HTTP on loopback and a
separate database (var/bench/*.sqlite3 unless DATABASE_URL is set).

Never deploy these: the secret key is public and TLS redirects are off.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")  # production refuses to start without


def _local_redis() -> str:
    """Redis on loopback when it answers: production runs with one (sessions, caches)."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/0"
    except OSError:
        return ""


if "REDIS_URL" not in os.environ:
    os.environ["REDIS_URL"] = _local_redis()
# Runs on different databases (bench, load test) must not share cached stamps and sessions.
os.environ.setdefault(
    "CACHE_KEY_PREFIX",
    "bench-"
    + (os.environ.get("DATABASE_URL") or os.environ.get("BENCH_SQLITE_PATH", "default"))[-40:],
)

from lms.settings.production import *  # noqa: E402, F403
from lms.settings.production import BASE_DIR, DATABASES, VAR_DIR  # noqa: E402

BENCH_DIR = Path(os.environ.get("BENCH_DIR", str(VAR_DIR / "bench")))
BENCH_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# bench is an app here only for its `manage.py bench_data` command; the site never imports it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
# The load client speaks plain HTTP on loopback: secure-only cookies would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = Path(
        os.environ.get("BENCH_SQLITE_PATH", str(BENCH_DIR / "bench.sqlite3"))
    )

STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
STORAGES = {
    **STORAGES,  # noqa: F405
    "certificates": {
        "BACKEND": "certificates.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": BENCH_DIR / "private" / "certificates"},
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Production's task queue (django-tasks-db): a quiz submission enqueues its certificate PDF and
# notification e-mail as production does, and nothing runs them during the measurement.

# All simulated officers come from 127.0.0.1. As behind a real load balancer, the client
# address is taken from X-Forwarded-For (one trusted proxy), so allauth's per-address login
# limit applies per simulated officer rather than to the whole state at once.
ALLAUTH_TRUSTED_PROXY_COUNT = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

_ = BASE_DIR
