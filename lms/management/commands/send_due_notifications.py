"""The daily notifications: due soon, overdue, renewal window, expiring, weekly digest."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lms.conf import app_settings
from lms.due_notifications import send_due_notifications


class Command(BaseCommand):
    help = (
        "Notify officers of assignments due in 7 days or overdue, renewal windows that opened "
        "and training expiring within LMS_REMINDER_DAYS (default 30, 7); send supervisors "
        "their weekly digest; retry failed e-mails. Run it daily from cron. Idempotent: every "
        "reason has a unique key, so running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        run = send_due_notifications()
        days = ", ".join(map(str, app_settings.reminder_days))
        self.stdout.write(
            f"Checked: {run.due_soon} due soon, {run.overdue} overdue, {run.renewal} renewal "
            f"window, {run.expiring} expiring (days {days}), {run.digests} digest recipients; "
            f"{run.retried} e-mails retried and sent."
        )
