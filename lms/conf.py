"""Typed access to the lms app's tunable settings, with defaults.

Read settings through these functions (never `settings.X` in views) so tests can override them
with pytest-django's `settings` fixture and the defaults live in one place.
"""

from __future__ import annotations

from django.conf import settings


def enforce_mfa() -> bool:
    """Whether supervisors, agency administrators and ORS staff must set up TOTP first.

    On in production; `make run` turns it off for the local demo (ROLLCALL_ENFORCE_MFA=False).
    """
    return bool(getattr(settings, "ROLLCALL_ENFORCE_MFA", True))


def join_rate_limit() -> tuple[int, int]:
    """(attempts, seconds): wrong join codes allowed per client address in that window."""
    attempts, seconds = getattr(settings, "ROLLCALL_JOIN_RATE_LIMIT", (10, 600))
    return int(attempts), int(seconds)


def roster_max_bytes() -> int:
    """The largest roster file accepted (bytes)."""
    return int(getattr(settings, "ROLLCALL_ROSTER_MAX_BYTES", 1_048_576))


def roster_max_rows() -> int:
    """The most officers one roster import may hold."""
    return int(getattr(settings, "ROLLCALL_ROSTER_MAX_ROWS", 2_000))


def past_records_max_bytes() -> int:
    """The largest past-training file accepted (bytes)."""
    return int(getattr(settings, "ROLLCALL_PAST_RECORDS_MAX_BYTES", 1_048_576))


def past_records_max_rows() -> int:
    """The most records one past-training import may hold."""
    return int(getattr(settings, "ROLLCALL_PAST_RECORDS_MAX_ROWS", 1_000))


def site_url() -> str:
    """The scheme, host and port every absolute link and QR code is built on, without a slash.

    The one source for absolute URLs (certificates, cards, join and check-in QR codes, e-mails):
    SITE_URL in production; in `make run` the address runserver listens on (see
    lms/settings/dev.py), so a QR code printed by the demo opens on the machine that printed it.
    """
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (starting with "/") on the configured site."""
    return site_url() + path
