"""The weekly supervisor digest's content.

What is sent, and when, is lms.notifications.scheduled (run daily by `send_due_notifications`);
the tunable numbers are lms.conf.app_settings (reminder_days, reminder_max_attempts); this
module keeps the digest's list, which the dashboards' selectors define.
"""

from __future__ import annotations

from datetime import datetime

from lms.models import Agency, Notification
from lms.selectors import MatrixFilters, State, agency_matrix


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
