"""The daily kinds, planned by `manage.py send_due_notifications` (cron; any frequency is safe).

Each reason has a stable key, so a second run the same day, or the next day, tells nobody twice:
- assignment due in 7 days      due_soon:<course>:<agency>:<due date>
- assignment overdue            overdue:<course>:<agency>:<due date> (due in the last 30 days)
- renewal window open           renewal:<completion>
- expiring in 30 / 7 days       expiring:<completion>:<days> (LMS_REMINDER_DAYS; only the
                                nearest threshold, so someone first seen 5 days out gets one)
- supervisors' weekly digest    digest:<agency>:<ISO week> (only when someone is on it)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import TruncDay
from django.urls import reverse
from django.utils import timezone

from lms.access import SUPERVISORY_ROLES
from lms.conf import app_settings
from lms.models import Agency, Assignment, Completion, Membership
from lms.notifications import kinds
from lms.notifications.delivery import retry_failed_emails
from lms.notifications.events import notify_assignment_groups, supervisor_ids
from lms.notifications.service import notify
from lms.records.training_status import (
    DEFAULT_RENEWAL_WINDOW_DAYS,
    assignment_satisfied,
    certifying_completions,
    renewal_windows,
)
from lms.reminders import digest_for

DUE_SOON_DAYS = 7
OVERDUE_LOOKBACK_DAYS = 30


@dataclass
class DueRun:
    due_soon: int = 0
    overdue: int = 0
    renewal: int = 0
    expiring: int = 0
    digests: int = 0
    retried: int = 0


def _open_assignments(*, now: datetime):
    """Assignments still to do by active members (the dashboards' definition of open)."""
    active_member = Membership.objects.filter(
        user_id=OuterRef("user_id"),
        agency_id=OuterRef("agency_id"),
        status=Membership.Status.ACTIVE,
    )
    return (
        Assignment.objects.filter(
            Exists(active_member),
            exempted_at__isnull=True,
            replaced_at__isnull=True,
            user__is_active=True,
        )
        .annotate(assigned_day=TruncDay("created_at"))
        .exclude(assignment_satisfied(now))
    )


def plan_assignment_reminders(*, now: datetime) -> tuple[int, int]:
    today = timezone.localdate(now)
    soon = list(
        _open_assignments(now=now).filter(
            due_on__gt=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
        )
    )
    late = list(
        _open_assignments(now=now).filter(
            due_on__lt=today, due_on__gte=today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
        )
    )
    return (
        notify_assignment_groups(assignments=soon, kind=kinds.ASSIGNMENT_DUE_SOON),
        notify_assignment_groups(assignments=late, kind=kinds.ASSIGNMENT_OVERDUE),
    )


def _latest_certifying_completions(*, now: datetime, horizon: datetime) -> list[Completion]:
    """Each person's latest certifying completion per course that expires before `horizon`
    (older ones were renewed; a refresher changes no date), for active people, live courses."""
    latest = (
        certifying_completions()
        .filter(user__isnull=False, course__isnull=False)
        .values("user_id", "course_id")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    latest_at = {(r["user_id"], r["course_id"]): r["last"] for r in latest}
    expiring = (
        certifying_completions()
        .filter(
            expires_at__gt=now, expires_at__lte=horizon, user__is_active=True, course__live=True
        )
        .select_related("course")
        .order_by("expires_at")
    )
    return [c for c in expiring if latest_at.get((c.user_id, c.course_id)) == c.completed_at]


def _day(value: datetime) -> str:
    return f"{timezone.localdate(value):%-d %B %Y}"


def plan_expiry_reminders(*, now: datetime) -> tuple[int, int]:
    days = app_settings.reminder_days
    windows = renewal_windows(course_ids=None)
    widest = max([*windows.values(), *days, DEFAULT_RENEWAL_WINDOW_DAYS])
    completions = _latest_certifying_completions(now=now, horizon=now + timedelta(days=widest))
    renewal = expiring = 0
    for completion in completions:
        remaining = completion.expires_at - now
        course_url = completion.course.url or "/dashboard/"
        title = completion.course_title
        due = [d for d in days if remaining <= timedelta(days=d)]
        window = windows.get(completion.course_id) or DEFAULT_RENEWAL_WINDOW_DAYS
        if not due and remaining <= timedelta(days=window):
            # Inside the window but not yet at a threshold: one notice that renewal is open.
            renewal += notify(
                kind=kinds.RENEWAL_WINDOW_OPEN,
                recipients=[completion.user_id],
                key=f"renewal:{completion.pk}",
                title=f"You can renew {title} now",
                body=f"Your training is valid until {_day(completion.expires_at)}. "
                "Take the course again to start a new cycle.",
                url=course_url,
                agency_id=completion.agency_id,
            )
        if due:
            threshold = min(due)
            left = max(0, remaining.days)
            expiring += notify(
                kind=kinds.EXPIRING_SOON,
                recipients=[completion.user_id],
                key=f"expiring:{completion.pk}:{threshold}",
                title=f"Renew {title}: "
                + (
                    "expires today"
                    if left == 0
                    else f"expires in {left} day{'s' if left != 1 else ''}"
                ),
                body=f"Your training expires on {_day(completion.expires_at)}. "
                "Take the course again before then to stay current.",
                url=course_url,
                agency_id=completion.agency_id,
            )
    return renewal, expiring


def _iso_week(now: datetime) -> str:
    year, week, _ = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def digest_title(*, agency, content: dict) -> str:
    title = f"{agency.name}: {len(content['expiring'])} expiring, {len(content['overdue'])} overdue"
    if sop := len(content["sop_overdue"]):
        title += f", {sop} SOP acknowledgement{'s' if sop != 1 else ''} overdue"
    return title + " this week"


def plan_digests(*, now: datetime) -> int:
    week = _iso_week(now)
    agency_ids = (
        Membership.objects.filter(
            status=Membership.Status.ACTIVE, role__in=SUPERVISORY_ROLES, user__is_active=True
        )
        .values_list("agency_id", flat=True)
        .distinct()
    )
    told = 0
    for agency in Agency.objects.filter(pk__in=list(agency_ids)):
        content = digest_for(agency=agency, now=now)
        if not (content["expiring"] or content["overdue"] or content["sop_overdue"]):
            continue
        told += notify(
            kind=kinds.SUPERVISOR_DIGEST,
            recipients=supervisor_ids(agency.pk),
            key=f"digest:{agency.pk}:{week}",
            title=digest_title(agency=agency, content=content),
            body="This week's training digest: who is expiring or overdue.",
            url=reverse("lms:agency_dashboard", args=[agency.pk]),
            agency_id=agency.pk,
        )
    return told


def send_due_notifications(*, now: datetime | None = None) -> DueRun:
    """Plan every daily kind, then retry e-mails that failed or whose task was lost."""
    now = now or timezone.now()
    run = DueRun()
    run.due_soon, run.overdue = plan_assignment_reminders(now=now)
    run.renewal, run.expiring = plan_expiry_reminders(now=now)
    run.digests = plan_digests(now=now)
    run.retried = retry_failed_emails(now=now)
    return run
