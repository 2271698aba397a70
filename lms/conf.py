"""The lms app's tunable settings: one typed object, `app_settings`, with the defaults.

In the style of allauth's `app_settings`: every property reads Django's settings when it is
asked, so `override_settings` and pytest-django's `settings` fixture work, and no code outside
this module reads these names with `getattr(settings, ...)`. The names keep the prefixes
deployments already set (ROLLCALL_* for access and roll call, LMS_* for the records); each
property's docstring names its setting.
"""

from __future__ import annotations

from django.conf import settings


class LmsSettings:
    """Typed, read-at-call-time access to the lms app's settings."""

    @staticmethod
    def _setting(name: str, default):
        return getattr(settings, name, default)

    @property
    def enforce_mfa(self) -> bool:
        """ROLLCALL_ENFORCE_MFA: supervisors, agency administrators and ORS staff must set up
        TOTP first. On in production; `make run` turns it off for the local demo."""
        return bool(self._setting("ROLLCALL_ENFORCE_MFA", True))

    @property
    def join_rate_limit(self) -> tuple[int, int]:
        """ROLLCALL_JOIN_RATE_LIMIT: (attempts, seconds) of wrong join codes allowed per client
        address in that window."""
        attempts, seconds = self._setting("ROLLCALL_JOIN_RATE_LIMIT", (10, 600))
        return int(attempts), int(seconds)

    @property
    def roster_max_bytes(self) -> int:
        """ROLLCALL_ROSTER_MAX_BYTES: the largest roster file accepted."""
        return int(self._setting("ROLLCALL_ROSTER_MAX_BYTES", 1_048_576))

    @property
    def roster_max_rows(self) -> int:
        """ROLLCALL_ROSTER_MAX_ROWS: the most officers one roster import may hold."""
        return int(self._setting("ROLLCALL_ROSTER_MAX_ROWS", 2_000))

    @property
    def past_records_max_bytes(self) -> int:
        """ROLLCALL_PAST_RECORDS_MAX_BYTES: the largest past-training file accepted."""
        return int(self._setting("ROLLCALL_PAST_RECORDS_MAX_BYTES", 1_048_576))

    @property
    def past_records_max_rows(self) -> int:
        """ROLLCALL_PAST_RECORDS_MAX_ROWS: the most records one past-training import may hold."""
        return int(self._setting("ROLLCALL_PAST_RECORDS_MAX_ROWS", 1_000))

    @property
    def session_refresh_seconds(self) -> int:
        """ROLLCALL_SESSION_REFRESH_SECONDS: how old a session's last renewal may be before the
        next request renews it (lms.people.sessions)."""
        return int(self._setting("ROLLCALL_SESSION_REFRESH_SECONDS", 60))

    @property
    def busy_retry_seconds(self) -> int:
        """ROLLCALL_BUSY_RETRY_SECONDS: the Retry-After of the "busy, try again" page."""
        return int(self._setting("ROLLCALL_BUSY_RETRY_SECONDS", 5))

    @property
    def expiring_within_days(self) -> int:
        """LMS_EXPIRING_WITHIN_DAYS: days ahead the supervisor's "expiring soon" count looks.
        Only a count: whether a person may renew is each course's renewal window."""
        return int(self._setting("LMS_EXPIRING_WITHIN_DAYS", 60))

    @property
    def reminder_days(self) -> tuple[int, ...]:
        """LMS_REMINDER_DAYS: days before expiry an officer is reminded, largest first (a list
        or a comma-separated string; zero and negative days are ignored)."""
        days = self._setting("LMS_REMINDER_DAYS", (30, 7))  # the renewal window opens earlier
        if isinstance(days, str):
            days = [d for d in days.split(",") if d.strip()]
        return tuple(sorted({int(d) for d in days if int(d) > 0}, reverse=True))

    @property
    def reminder_max_attempts(self) -> int:
        """LMS_REMINDER_MAX_ATTEMPTS: sends of one reminder before a failure is left alone."""
        return int(self._setting("LMS_REMINDER_MAX_ATTEMPTS", 5))

    @property
    def site_url(self) -> str:
        """SITE_URL: the scheme, host and port every absolute link and QR code is built on,
        without a trailing slash (certificates, cards, join and check-in QR codes, e-mails).
        In `make run` the address runserver listens on (lms/settings/dev.py), so a QR code
        printed by the demo opens on the machine that printed it."""
        return str(self._setting("SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


app_settings = LmsSettings()


def absolute_url(path: str) -> str:
    """`path` (starting with "/") on the configured site."""
    return app_settings.site_url + path
