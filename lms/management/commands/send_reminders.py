"""Send recertification reminders and weekly supervisor digests (safe to run from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lms.conf import app_settings
from lms.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail officers whose training expires within LMS_REMINDER_DAYS (default 60, 30, 7) "
        "and supervisors a weekly digest of who is expiring or overdue. Idempotent: every "
        "reason is logged once (ReminderLog), so running it hourly or daily sends nothing "
        "twice; failed e-mails are retried on the next run."
    )

    def handle(self, *args, **options):
        run = send_reminders()
        self.stdout.write(
            f"Reminder days {', '.join(map(str, app_settings.reminder_days))}: planned {run.planned} "
            f"new, enqueued {run.enqueued}; in the last day {run.sent} sent, "
            f"{run.failed} failed."
        )
