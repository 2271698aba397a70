"""One reminder run (`manage.py send_reminders`): plan what is owed, enqueue each e-mail.

What is owed and how one e-mail is sent are lms.reminders'; the task between them is
lms.tasks.deliver_reminder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from lms.models import ReminderLog
from lms.reminders import plan_digests, plan_expiry_reminders, reminder_settings
from lms.tasks import deliver_reminder


@dataclass
class ReminderRun:
    planned: int = 0
    enqueued: int = 0
    sent: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


def send_reminders(*, now: datetime | None = None) -> ReminderRun:
    """Plan what is owed and enqueue each e-mail still to send. Safe to run any number of times."""
    now = now or timezone.now()
    run = ReminderRun()
    run.planned = plan_expiry_reminders(now=now) + plan_digests(now=now)
    to_send = ReminderLog.objects.filter(
        Q(status=ReminderLog.Status.PENDING)
        | Q(status=ReminderLog.Status.FAILED, attempts__lt=reminder_settings().max_attempts)
    ).values_list("pk", flat=True)
    for log_id in list(to_send):
        deliver_reminder.enqueue(log_id=log_id, now_iso=now.isoformat())
        run.enqueued += 1
    counts = ReminderLog.objects.filter(created_at__gte=now - timedelta(days=1))
    run.sent = counts.filter(status=ReminderLog.Status.SENT).count()
    run.failed = counts.filter(
        status__in=(ReminderLog.Status.FAILED, ReminderLog.Status.GAVE_UP)
    ).count()
    return run
