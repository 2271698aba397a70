"""Kept for crontabs written before notifications: the same as send_due_notifications."""

from __future__ import annotations

from lms.management.commands.send_due_notifications import Command as SendDueNotifications


class Command(SendDueNotifications):
    help = "Old name of send_due_notifications (kept so existing crontabs keep working)."
