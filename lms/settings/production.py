"""Production: secrets come from the environment; refuses to start without SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

STORAGES = {
    **STORAGES,  # noqa: F405 (the private "certificates" storage at CERTIFICATES_ROOT)
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS: a proxy that terminates TLS sets X-Forwarded-Proto; SECURE_SSL_REDIRECT can be
# switched off when the proxy already redirects.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The client's address behind a load balancer (see docs/security.md, "Behind a proxy"). Every
# per-address limit, allauth's and ours (lms.client_ip), reads it through these two settings.
# TRUSTED_PROXY_COUNT: how many proxies you run in front of the app, each appending to
# X-Forwarded-For; the address that many entries from the right is the client. Or
# TRUSTED_CLIENT_IP_HEADER: a header your proxy sets to the client address (X-Real-IP),
# overwriting whatever the client sent. Neither set: REMOTE_ADDR, forwarded headers ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Notification e-mails and certificate PDFs never run inside a request: they wait in the
# database for `python manage.py db_worker` (docs/operations.md, Background worker).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
ROLLCALL_ENFORCE_MFA = True
