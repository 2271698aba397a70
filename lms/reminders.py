"""Reminder settings and the weekly supervisor digest's content.

What is sent, and when, is lms.notifications.scheduled (run daily by `send_due_notifications`);
this module keeps the tunable numbers and the digest's list, which the dashboards' selectors
define.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from lms.models import Agency, Notification
from lms.selectors import MatrixFilters, State, agency_matrix

DEFAULT_REMINDER_DAYS = (30, 7)
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ReminderSettings:
    expiry_days: tuple[int, ...]
    max_attempts: int


def reminder_settings() -> ReminderSettings:
    """Typed access to LMS_REMINDER_DAYS and LMS_REMINDER_MAX_ATTEMPTS, with defaults."""
    days = getattr(settings, "LMS_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    if isinstance(days, str):
        days = [d for d in days.split(",") if d.strip()]
    return ReminderSettings(
        expiry_days=tuple(sorted({int(d) for d in days if int(d) > 0}, reverse=True)),
        max_attempts=int(getattr(settings, "LMS_REMINDER_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)),
    )


def digest_for(*, agency: Agency, now: datetime | None = None) -> dict:
    """Who in the agency is expiring or overdue: the digest's content (shared selectors)."""
    matrix = agency_matrix(agency=agency, filters=MatrixFilters(), now=now)
    expiring, overdue = [], []
    for row in matrix.rows:
        for course, cell in row.items:
            if cell.state == State.EXPIRING:
                expiring.append((row.user, course, cell))
            elif cell.state == State.OVERDUE:
                overdue.append((row.user, course, cell))
    return {"agency": agency, "expiring": expiring, "overdue": overdue}


def digest_email_context(notification: Notification, now: datetime) -> dict:
    """The digest e-mail lists the people as they stand when it is sent."""
    agency = Agency.objects.get(pk=notification.agency_id)
    return {**digest_for(agency=agency, now=now), "user": notification.recipient}
