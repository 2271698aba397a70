"""The e-mail of each notification: plain text and HTML, one-click unsubscribe, sent once.

Run by the task worker (lms.notifications.tasks), never inside a request. Each row is claimed
(pending -> sending) by a conditional UPDATE before it is sent, so two workers handed the same
event never send it twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from lms import conf
from lms.conf import app_settings
from lms.models import Notification
from lms.notifications.kinds import KINDS
from lms.notifications.unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)
Status = Notification.EmailStatus


def _template(kind: str, suffix: str):
    return select_template(
        [
            f"lms/email/notification_{kind}_message.{suffix}",
            f"lms/email/notification_message.{suffix}",
        ]
    )


def build_email(
    notification: Notification, *, now: datetime | None = None
) -> EmailMultiAlternatives:
    """The message for one notification (not sent): text and HTML parts, headers, attachments."""
    definition = KINDS[notification.kind]
    recipient = notification.recipient
    context = {
        "notification": notification,
        "recipient": recipient,
        "kind": definition,
        "link": conf.absolute_url(notification.url or "/"),
        "notifications_url": conf.absolute_url(reverse("lms:notifications")),
        "preferences_url": conf.absolute_url(reverse("lms:notification_preferences")),
        "unsubscribe_url": ""
        if definition.required
        else unsubscribe_url(user_id=recipient.pk, kind=notification.kind),
        "site_url": conf.app_settings.site_url,
    }
    if definition.email_context:
        context.update(import_string(definition.email_context)(notification, now or timezone.now()))
    text = _template(notification.kind, "txt").render(context)
    html = _template(notification.kind, "html").render(context)
    headers = {}
    if context["unsubscribe_url"]:
        # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to this URL.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(notification.title.split()),
        body=text,
        to=[recipient.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    if definition.attachments:
        for filename, content, mimetype in import_string(definition.attachments)(notification):
            message.attach(filename, content, mimetype)
    return message


def _claim(notification_id: int) -> bool:
    claimed = Notification.objects.filter(
        Q(email_status=Status.PENDING) | Q(email_status=Status.FAILED), pk=notification_id
    ).update(email_status=Status.SENDING)
    return claimed == 1


def send_one(
    notification: Notification, *, connection=None, max_attempts: int | None = None
) -> str:
    """Send one claimed notification's e-mail and record the outcome; returns the status."""
    max_attempts = max_attempts or app_settings.reminder_max_attempts
    attempts = notification.email_attempts + 1
    try:
        message = build_email(notification)
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any render or transport error is kept and retried
        status = Status.GAVE_UP if attempts >= max_attempts else Status.FAILED
        Notification.objects.filter(pk=notification.pk).update(
            email_status=status,
            email_attempts=attempts,
            email_error=f"{type(error).__name__}: {error}",
        )
        (logger.error if status == Status.GAVE_UP else logger.warning)(
            "Notification %s %s to user %s failed (attempt %s of %s): %s",
            notification.kind,
            notification.key,
            notification.recipient_id,
            attempts,
            max_attempts,
            error,
        )
        return status
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Status.SENT, email_attempts=attempts, email_error="", emailed_at=timezone.now()
    )
    return Status.SENT


def _send(rows) -> int:
    sent = 0
    connection = get_connection()
    for notification in rows:
        if not _claim(notification.pk):
            continue  # another worker has it, or it is already sent
        stale_if = KINDS[notification.kind].stale_if
        if stale_if and import_string(stale_if)(notification):
            Notification.objects.filter(pk=notification.pk).update(email_status=Status.SKIPPED)
            continue
        sent += send_one(notification, connection=connection) == Status.SENT
    return sent


def send_event_emails(*, kind: str, key: str) -> int:
    """Send the e-mails still pending for one event (all its recipients)."""
    rows = Notification.objects.filter(
        kind=kind, key=key, email_status=Status.PENDING
    ).select_related("recipient")
    return _send(rows)


def retry_failed_emails(*, now: datetime | None = None) -> int:
    """Send again what failed (attempts left), and what still waits two hours after it was
    written (its task was lost); from cron. Younger pending rows belong to a queued task."""
    now = now or timezone.now()
    max_attempts = app_settings.reminder_max_attempts
    rows = Notification.objects.filter(
        Q(email_status=Status.PENDING, created_at__lt=now - timedelta(hours=2))
        | Q(email_status=Status.FAILED, email_attempts__lt=max_attempts)
    ).select_related("recipient")
    return _send(rows)
