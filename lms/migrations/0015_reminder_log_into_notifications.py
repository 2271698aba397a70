"""The reminder log becomes part of the notification log: one record of what was sent.

Each ReminderLog row is kept as a Notification (already read, with its e-mail status), under
the key the daily command now uses, so nothing already sent is sent again.
"""

from django.db import migrations

STATUS = {"sent": "sent", "gave_up": "gave_up", "pending": "failed", "failed": "failed"}


def copy_reminders(apps, schema_editor):
    ReminderLog = apps.get_model("lms", "ReminderLog")
    Notification = apps.get_model("lms", "Notification")
    rows = []
    for log in ReminderLog.objects.iterator():
        parts = log.key.split(":")
        if log.kind == "expiry" and len(parts) == 3:
            kind, key, title = "expiring_soon", f"expiring:{parts[1]}:{parts[2]}", "Training expiry reminder"
            url = "/dashboard/"
        elif log.kind == "digest" and len(parts) == 4:
            kind, key, title = "supervisor_digest", f"digest:{parts[2]}:{parts[3]}", "Weekly digest"
            url = f"/dashboard/agency/{parts[2]}/"
        else:
            continue
        rows.append(
            Notification(
                recipient_id=log.user_id,
                kind=kind,
                key=key,
                title=title,
                url=url,
                agency_id=log.agency_id,
                read_at=log.created_at,
                # A digest not yet sent belongs to a past week: it is not sent late.
                email_status="gave_up"
                if kind == "supervisor_digest" and log.status != "sent"
                else STATUS.get(log.status, "failed"),
                email_attempts=log.attempts,
                email_error=log.last_error,
                emailed_at=log.sent_at,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    # created_at is auto_now_add: keep the reminder's own date.
    for log in ReminderLog.objects.iterator():
        parts = log.key.split(":")
        key = (
            f"expiring:{parts[1]}:{parts[2]}"
            if log.kind == "expiry" and len(parts) == 3
            else f"digest:{parts[2]}:{parts[3]}"
            if log.kind == "digest" and len(parts) == 4
            else None
        )
        if key:
            Notification.objects.filter(recipient_id=log.user_id, key=key).update(
                created_at=log.created_at
            )


class Migration(migrations.Migration):
    dependencies = [("lms", "0014_notifications_and_opt_outs")]

    operations = [
        migrations.RunPython(copy_reminders, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderLog"),
    ]
