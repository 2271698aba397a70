"""Tunable behaviour of the certificates app, read from settings with defaults."""

from __future__ import annotations

from django.conf import settings


def verify_rate_limit() -> tuple[int, int]:
    """(lookups, seconds) allowed per client IP on the public verification pages."""
    return (
        int(getattr(settings, "CERTIFICATES_VERIFY_LIMIT", 30)),
        int(getattr(settings, "CERTIFICATES_VERIFY_WINDOW_SECONDS", 60)),
    )


def zip_max_certificates() -> int:
    """The most certificates one zip download holds (bigger selections are refused, not cut)."""
    return int(getattr(settings, "CERTIFICATES_ZIP_MAX", 500))
