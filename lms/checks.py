"""System checks for lms settings that contradict each other (run by `manage.py check`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.http.request import validate_host

from lms.conf import app_settings


@register(Tags.security, deploy=False)
def check_mfa_settings(app_configs=None, **kwargs) -> list:
    problems = []
    if app_settings.enforce_mfa and "totp" not in getattr(
        settings, "MFA_SUPPORTED_TYPES", ["totp"]
    ):
        problems.append(
            Error(
                "ROLLCALL_ENFORCE_MFA is on but 'totp' is not in MFA_SUPPORTED_TYPES: "
                "supervisors would be sent to a set-up page that does not exist.",
                hint="Add 'totp' to MFA_SUPPORTED_TYPES or turn ROLLCALL_ENFORCE_MFA off.",
                id="lms.E001",
            )
        )
    if (
        app_settings.enforce_mfa
        and "lms.people.mfa.RequireMfaMiddleware" not in settings.MIDDLEWARE
    ):
        problems.append(
            Error(
                "ROLLCALL_ENFORCE_MFA is on but lms.people.mfa.RequireMfaMiddleware is not installed.",
                hint="Add it to MIDDLEWARE after allauth.account.middleware.AccountMiddleware.",
                id="lms.E002",
            )
        )
    if not app_settings.enforce_mfa and not settings.DEBUG:
        problems.append(
            Warning(
                "ROLLCALL_ENFORCE_MFA is off with DEBUG off: supervisors and ORS staff can use "
                "the site without a second factor.",
                hint="Only the local demo should run without MFA enforcement.",
                id="lms.W001",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_rate_limit_cache(app_configs=None, **kwargs) -> list:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "The default cache is per-process, so join-code and login rate limits do not "
                "hold across workers.",
                hint="Set REDIS_URL in production.",
                id="lms.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_trusted_proxy(app_configs=None, **kwargs) -> list:
    """Behind a TLS proxy with no proxy trusted, every visitor has the proxy's address."""
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
    trusted = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or getattr(
        settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None
    )
    if behind_proxy and not trusted:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy is in front, but no proxy is trusted for "
                "the client address: every visitor shares the proxy's address, so ten failed "
                "sign-ins from anyone lock out everyone.",
                hint="Set TRUSTED_PROXY_COUNT (or TRUSTED_CLIENT_IP_HEADER) in the environment; "
                "see docs/security.md.",
                id="lms.W003",
            )
        ]
    return []


@register(Tags.compatibility)
def check_site_url(app_configs=None, **kwargs) -> list:
    """SITE_URL must be an absolute http(s) address this site answers on, or every QR code and
    e-mailed link points somewhere that refuses the request."""
    address = urlsplit(app_settings.site_url)
    if address.scheme not in {"http", "https"} or not address.hostname:
        return [
            Warning(
                f"SITE_URL ({app_settings.site_url!r}) is not an absolute http(s) address.",
                hint="Set SITE_URL to the address people open, e.g. https://training.example.org.",
                id="lms.W005",
            )
        ]
    if not validate_host(address.hostname, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL's host {address.hostname!r} is not in ALLOWED_HOSTS: certificate and "
                "card QR codes, join links and e-mailed links would be refused with 400.",
                hint=f"Add {address.hostname!r} to ALLOWED_HOSTS or correct SITE_URL.",
                id="lms.W006",
            )
        ]
    return []
