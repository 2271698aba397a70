"""The background half of notify(): one task per event sends its e-mails."""

from __future__ import annotations

from django_tasks import task

from lms.notifications.delivery import send_event_emails


@task()
def send_notification_emails(*, kind: str, key: str) -> int:
    """Send the e-mails still owed for one event; returns how many were sent."""
    return send_event_emails(kind=kind, key=key)
