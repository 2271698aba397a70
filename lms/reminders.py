"""The weekly supervisor digest's content.

What is sent, and when, is lms.due_notifications (run daily by `send_due_notifications`);
the tunable numbers are lms.conf.app_settings (reminder_days, reminder_max_attempts); this
module keeps the digest's list, which the dashboards' selectors define.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from cms.sop_status import agency_sop_statuses
from lms.conf import absolute_url
from lms.models import Agency, Notification
from lms.selectors.matrix import MatrixFilters, agency_matrix
from lms.selectors.states import State


def digest_for(*, agency: Agency, now: datetime | None = None) -> dict:
    """Who in the agency is expiring or overdue, and whose SOP acknowledgement is overdue
    (cms.sop_status): the digest's content (shared selectors)."""
    matrix = agency_matrix(agency=agency, filters=MatrixFilters(), now=now)
    expiring, overdue = [], []
    for row in matrix.rows:
        for course, cell in row.items:
            if cell.state == State.EXPIRING:
                expiring.append((row.user, course, cell))
            elif cell.state == State.OVERDUE:
                overdue.append((row.user, course, cell))
    sop_overdue = [
        (membership.user, status)
        for membership, status in agency_sop_statuses(
            agency=agency, today=timezone.localdate(now) if now else None
        ).values()
        if status.overdue
    ]
    return {
        "agency": agency,
        "expiring": expiring,
        "overdue": overdue,
        "sop_overdue": sop_overdue,
        "sop_url": absolute_url(reverse("cms:agency_sop", kwargs={"agency_id": agency.pk})),
    }


def digest_email_context(notification: Notification, now: datetime) -> dict:
    """The digest e-mail lists the people as they stand when it is sent."""
    agency = Agency.objects.get(pk=notification.agency_id)
    return {**digest_for(agency=agency, now=now), "user": notification.recipient}
