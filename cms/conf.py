"""The cms app's tunable settings: one typed object, `app_settings`, with defaults.

Properties read Django's settings when asked (allauth's `app_settings` style), so
`override_settings` works and no other module reads these names.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_REGISTRATION_RATE_LIMIT = 5  # submissions per client address and hour


class CmsSettings:
    """Typed, read-at-call-time access to the cms app's settings."""

    @staticmethod
    def _setting(name: str, default):
        return getattr(settings, name, default)

    @property
    def registration_response_time(self) -> str:
        """ROLLCALL_REGISTRATION_RESPONSE_TIME: how soon ORS promises to answer a program
        registration, e.g. "within five working days". Empty (the default) promises no time:
        ORS sets it once it knows its capacity."""
        return str(self._setting("ROLLCALL_REGISTRATION_RESPONSE_TIME", "") or "").strip()

    @property
    def registration_rate_limit(self) -> int:
        """CMS_REGISTRATION_RATE_LIMIT: registration and help-request submissions allowed per
        client address and hour."""
        return int(self._setting("CMS_REGISTRATION_RATE_LIMIT", DEFAULT_REGISTRATION_RATE_LIMIT))


app_settings = CmsSettings()
