"""Tunable behaviour of the cms app, read from settings with defaults."""

from __future__ import annotations

from django.conf import settings


def registration_response_time() -> str:
    """How soon ORS promises to answer a program registration, e.g. "within five working
    days". Empty (the default) promises no time: ORS sets it once it knows its capacity."""
    return str(getattr(settings, "ROLLCALL_REGISTRATION_RESPONSE_TIME", "") or "").strip()
