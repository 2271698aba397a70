"""Recertification reminders and the weekly supervisor digest.

`manage.py send_reminders` (cron, any frequency) calls `send_reminders()`, which
1. plans what is owed: one ReminderLog row per reason (unique on kind + key), so running twice
   never sends twice; then
2. enqueues a django-tasks task per row still to send (new, or failed with attempts left).

Reasons:
- expiry:<completion>:<days>  an officer's latest completion of a course expires within <days>
  (LMS_REMINDER_DAYS, default 60, 30 and 7). Only the nearest threshold is sent, so an officer
  first seen five days before expiry gets one e-mail, not three. Recertifying (a newer
  completion) stops the reminders.
- digest:<supervisor>:<agency>:<ISO week>  a supervisor's weekly list of who is expiring or
  overdue in their agency, and whose SOP acknowledgement is overdue (cms.sop_status); sent only
  when there is someone on it.

Failures stay in the log with the error and are retried on the next run, up to
LMS_REMINDER_MAX_ATTEMPTS; then the row is marked gave_up and logged as an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from cms.sop_status import agency_sop_statuses
from lms import conf
from lms.models import Membership, ReminderLog
from lms.training_status import certifying_completions

logger = logging.getLogger(__name__)

DEFAULT_REMINDER_DAYS = (60, 30, 7)
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ReminderSettings:
    expiry_days: tuple[int, ...]
    max_attempts: int


def reminder_settings() -> ReminderSettings:
    """Typed access to LMS_REMINDER_DAYS and LMS_REMINDER_MAX_ATTEMPTS, with defaults."""
    days = getattr(settings, "LMS_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    if isinstance(days, str):
        days = [d for d in days.split(",") if d.strip()]
    return ReminderSettings(
        expiry_days=tuple(sorted({int(d) for d in days if int(d) > 0}, reverse=True)),
        max_attempts=int(getattr(settings, "LMS_REMINDER_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)),
    )


@dataclass
class ReminderRun:
    planned: int = 0
    enqueued: int = 0
    sent: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


def _create_log(**fields) -> bool:
    """Add a log row; False when the same reason is already logged (any earlier run)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def plan_expiry_reminders(*, now: datetime) -> int:
    config = reminder_settings()
    if not config.expiry_days:
        return 0
    horizon = now + timedelta(days=max(config.expiry_days))
    # The latest certifying completion per person and course (lms.training_status): older ones
    # were renewed, and a refresher changes no expiry date.
    latest = (
        certifying_completions()
        .filter(user__isnull=False, course__isnull=False)
        .values("user_id", "course_id")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    expiring = (
        certifying_completions()
        .filter(
            expires_at__gt=now, expires_at__lte=horizon, user__is_active=True, course__live=True
        )
        .select_related("user")
        .order_by("expires_at")
    )
    latest_at = {(r["user_id"], r["course_id"]): r["last"] for r in latest}
    created = 0
    for completion in expiring:
        if latest_at.get((completion.user_id, completion.course_id)) != completion.completed_at:
            continue
        remaining = completion.expires_at - now
        threshold = min(d for d in config.expiry_days if remaining <= timedelta(days=d))
        created += _create_log(
            kind=ReminderLog.Kind.EXPIRY,
            key=f"expiry:{completion.pk}:{threshold}",
            user=completion.user,
            completion=completion,
            agency_id=completion.agency_id,
            email=completion.user.email,
        )
    return created


def _iso_week(now: datetime) -> str:
    year, week, _ = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def digest_for(*, agency, now: datetime | None = None) -> dict:
    """Who in the agency is expiring or overdue: the digest's content (shared selectors)."""
    from lms.selectors import MatrixFilters, State, agency_matrix

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
        "sop_url": _site_url(f"/sop/agency/{agency.pk}/"),
    }


def plan_digests(*, now: datetime) -> int:
    week = _iso_week(now)
    supervisors = Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        role__in=(Membership.Role.SUPERVISOR, Membership.Role.AGENCY_ADMIN),
        user__is_active=True,
    ).select_related("user", "agency")
    already = set(
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.DIGEST, key__endswith=f":{week}"
        ).values_list("key", flat=True)
    )
    content_by_agency: dict[int, dict] = {}
    created = 0
    for membership in supervisors:
        key = f"digest:{membership.user_id}:{membership.agency_id}:{week}"
        if key in already:
            continue
        if membership.agency_id not in content_by_agency:
            content_by_agency[membership.agency_id] = digest_for(agency=membership.agency, now=now)
        content = content_by_agency[membership.agency_id]
        if not (content["expiring"] or content["overdue"] or content["sop_overdue"]):
            continue
        created += _create_log(
            kind=ReminderLog.Kind.DIGEST,
            key=key,
            user=membership.user,
            agency=membership.agency,
            email=membership.user.email,
        )
    return created


def send_reminders(*, now: datetime | None = None) -> ReminderRun:
    """Plan what is owed and enqueue each e-mail still to send. Safe to run any number of times."""
    from lms.tasks import deliver_reminder

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


def _site_url(path: str) -> str:
    return conf.absolute_url(path)


def render_reminder(log: ReminderLog, *, now: datetime) -> tuple[str, str]:
    """(subject, body) for one log row, from lms/email/<event>_subject.txt and _message.txt."""
    if log.kind == ReminderLog.Kind.EXPIRY:
        completion = log.completion
        context = {
            "user": log.user,
            "completion": completion,
            "days_left": max(0, (completion.expires_at - now).days) if completion else 0,
            "course_url": _site_url(completion.course.url or "/")
            if completion and completion.course
            else _site_url("/"),
            "dashboard_url": _site_url("/dashboard/"),
        }
        event = "expiry_reminder"
    else:
        context = {
            **digest_for(agency=log.agency, now=now),
            "user": log.user,
            "dashboard_url": _site_url(f"/dashboard/agency/{log.agency_id}/"),
        }
        event = "supervisor_digest"
    subject = render_to_string(f"lms/email/{event}_subject.txt", context)
    body = render_to_string(f"lms/email/{event}_message.txt", context)
    return " ".join(subject.split()), body


def deliver(*, log_id: int, now: datetime | None = None) -> str:
    """Send one reminder; record success or the error. Returns the resulting status."""
    now = now or timezone.now()
    max_attempts = reminder_settings().max_attempts
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("user", "agency", "completion", "completion__course")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.status in (ReminderLog.Status.SENT, ReminderLog.Status.GAVE_UP):
            return log.status if log else "missing"
        if log.attempts >= max_attempts:
            ReminderLog.objects.filter(pk=log.pk).update(status=ReminderLog.Status.GAVE_UP)
            return ReminderLog.Status.GAVE_UP
        try:
            subject, body = render_reminder(log, now=now)
            send_mail(subject, body, None, [log.email], fail_silently=False)
        except Exception as error:  # noqa: BLE001 - any transport error is logged and retried
            attempts = log.attempts + 1
            status = (
                ReminderLog.Status.GAVE_UP
                if attempts >= max_attempts
                else ReminderLog.Status.FAILED
            )
            ReminderLog.objects.filter(pk=log.pk).update(
                attempts=attempts, status=status, last_error=f"{type(error).__name__}: {error}"
            )
            log_method = logger.error if status == ReminderLog.Status.GAVE_UP else logger.warning
            log_method(
                "Reminder %s to %s failed (attempt %s of %s): %s",
                log.key,
                log.email,
                attempts,
                max_attempts,
                error,
            )
            return status
        ReminderLog.objects.filter(pk=log.pk).update(
            attempts=log.attempts + 1,
            status=ReminderLog.Status.SENT,
            sent_at=timezone.now(),
            last_error="",
        )
        logger.info("Reminder %s sent to %s", log.key, log.email)
        return ReminderLog.Status.SENT
