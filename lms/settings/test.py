"""Settings for the test suite: fast hashing, local-memory cache, immediate tasks."""

import tempfile

from .base import *  # noqa: F403
from .env import env_str

# tests/bench run the benchmark data generator through its command (bench/management).
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions read through the cache, as in production with Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rollcall-test-media-"))  # noqa: F405
CERTIFICATES_ROOT = Path(tempfile.mkdtemp(prefix="rollcall-test-certificates-"))  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "certificates": {
        "BACKEND": "certificates.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": CERTIFICATES_ROOT},
    },
}
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# WhiteNoise warns when STATIC_ROOT is missing; tests serve static files through finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# MFA enforcement has its own tests, which turn it on (tests/lms/test_mfa.py); elsewhere
# supervisors and ORS staff would otherwise be sent to TOTP set-up on every request.
ROLLCALL_ENFORCE_MFA = False
