"""notify(): the one way an event reaches people.

It writes the in-app entries in one bulk insert (ignoring those already there, which is how an
event is told once) and, after the transaction commits, enqueues one task that sends the
e-mails. Nothing is sent inside the request: with 500 officers assigned, the request does a
fixed handful of queries and returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from lms.models import Notification
from lms.notifications.kinds import KINDS
from lms.notifications.tasks import send_notification_emails


def _user_ids(recipients: Iterable) -> set[int]:
    return {r if isinstance(r, int) else r.pk for r in recipients}


def notify(
    *,
    kind: str,
    recipients: Iterable,
    key: str,
    title: str,
    url: str = "",
    body: str = "",
    agency_id: int | None = None,
    data: dict | None = None,
    send_after: datetime | None = None,
) -> int:
    """Tell each recipient (users or user ids) about one event; returns how many may receive it.

    `key` names the event; a recipient already told about it (same kind and key) is skipped.
    People who turned the kind off, and inactive accounts, get nothing. `send_after` holds the
    e-mails back (the supervisors' hourly batch) where the task backend can defer.
    """
    definition = KINDS[kind]  # an unknown kind is a programming error: fail loudly
    ids = _user_ids(recipients)
    if not ids:
        return 0
    people = get_user_model().objects.filter(pk__in=ids, is_active=True)
    if not definition.required:
        people = people.exclude(Q(notification_opt_outs__kind=kind))
    receiving = list(people.values_list("pk", flat=True))
    if not receiving:
        return 0
    status = (
        Notification.EmailStatus.PENDING if definition.email else Notification.EmailStatus.SKIPPED
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                key=key,
                title=title[:200],
                body=body,
                url=url,
                agency_id=agency_id,
                data=data or {},
                email_status=status,
            )
            for user_id in receiving
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    if definition.email:
        transaction.on_commit(lambda: enqueue_emails(kind=kind, key=key, send_after=send_after))
    return len(receiving)


def enqueue_emails(*, kind: str, key: str, send_after: datetime | None = None) -> None:
    task = send_notification_emails
    if send_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=send_after)
    task.enqueue(kind=kind, key=key)
