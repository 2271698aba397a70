"""The roll-call app's tunable settings (ROLLCALL_*): one typed object, `app_settings`.

Properties read Django's settings when asked (allauth's `app_settings` style), so
`override_settings` works and the defaults live here only.
"""

from __future__ import annotations

from django.conf import settings


class RollCallSettings:
    """Typed, read-at-call-time access to the roll-call settings."""

    @staticmethod
    def _setting(name: str, default: int) -> int:
        return int(getattr(settings, name, default))

    @property
    def code_seconds(self) -> int:
        """ROLLCALL_CODE_SECONDS: how long one self check-in code lasts."""
        return self._setting("ROLLCALL_CODE_SECONDS", 30)

    @property
    def quiz_grace_days(self) -> int:
        """ROLLCALL_QUIZ_GRACE_DAYS: days before a session a passed quiz still counts."""
        return self._setting("ROLLCALL_QUIZ_GRACE_DAYS", 7)

    @property
    def makeup_days(self) -> int:
        """ROLLCALL_MAKEUP_DAYS: days an absent officer is given for the make-up."""
        return self._setting("ROLLCALL_MAKEUP_DAYS", 14)

    @property
    def checkin_wrong_per_person(self) -> int:
        """ROLLCALL_CHECKIN_WRONG_PER_PERSON: wrong codes one person may try per window. A
        mistyped code or two is normal; a guess hits one time in 500,000 (two valid codes in a
        million)."""
        return self._setting("ROLLCALL_CHECKIN_WRONG_PER_PERSON", 5)

    @property
    def checkin_wrong_per_session(self) -> int:
        """ROLLCALL_CHECKIN_WRONG_PER_SESSION: wrong codes a whole session accepts per window
        (a group of accounts guessing together)."""
        return self._setting("ROLLCALL_CHECKIN_WRONG_PER_SESSION", 100)

    @property
    def checkin_window_seconds(self) -> int:
        """ROLLCALL_CHECKIN_WINDOW_SECONDS: the window the wrong-code limits count over."""
        return self._setting("ROLLCALL_CHECKIN_WINDOW_SECONDS", 600)


app_settings = RollCallSettings()
