"""Background work of the lms app, run through django-tasks (settings.TASKS)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from lms.reminders import deliver


@task()
def deliver_reminder(*, log_id: int, now_iso: str | None = None) -> str:
    """Send one reminder e-mail; failures are recorded on the ReminderLog row and retried."""
    return deliver(log_id=log_id, now=datetime.fromisoformat(now_iso) if now_iso else None)
