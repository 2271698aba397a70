"""The daily notifications (manage.py send_due_notifications): expiring training, renewal
windows, assignments due soon or overdue, the supervisors' weekly digest; once each."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from lms.conf import app_settings
from lms.models import Assignment, Notification
from lms.notifications import kinds
from lms.notifications.scheduled import send_due_notifications
from tests.factories import build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server is down")


@pytest.fixture
def world():
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    officer = make_member(agency=agency).user
    course = build_course(title="Naloxone basics", recertification_months=24, lessons=1)
    return agency, supervisor, officer, course


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_at(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_notifications(now=now)

    return run_at


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def keys(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("key", flat=True))


def test_officer_hears_once_when_renewal_opens_then_at_30_and_7_days(world, run):
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    at_55 = completion.expires_at - timedelta(days=55)
    run(at_55)
    run(at_55 + timedelta(hours=1))
    assert [m.subject for m in mails_to(officer)] == ["You can renew Naloxone basics now"]
    run(completion.expires_at - timedelta(days=29))
    run(completion.expires_at - timedelta(days=6))
    run(completion.expires_at - timedelta(days=5))
    assert keys(kinds.EXPIRING_SOON) == [f"expiring:{completion.pk}:{d}" for d in (30, 7)]
    subjects = [m.subject for m in mails_to(officer)]
    assert len(subjects) == 3
    assert subjects[1] == "Renew Naloxone basics: expires in 29 days"


def test_first_seen_close_to_expiry_sends_only_the_nearest_reminder(world, run):
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    run(completion.expires_at - timedelta(days=5))
    assert keys(kinds.EXPIRING_SOON) == [f"expiring:{completion.pk}:7"]
    assert keys(kinds.RENEWAL_WINDOW_OPEN) == []
    assert len(mails_to(officer)) == 1


def test_recertifying_stops_reminders_for_the_old_completion(world, run):
    _, _, officer, course = world
    old = make_completion(user=officer, course=course, days_ago=700)
    make_completion(user=officer, course=course, days_ago=0, method="manual")
    run(old.expires_at - timedelta(days=20))
    assert not Notification.objects.filter(recipient=officer).exists()


def test_reminder_days_are_configurable(world, settings, run):
    settings.LMS_REMINDER_DAYS = "14, 3"
    assert app_settings.reminder_days == (14, 3)
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    run(completion.expires_at - timedelta(days=10))
    assert keys(kinds.EXPIRING_SOON) == [f"expiring:{completion.pk}:14"]


def test_officers_hear_of_assignments_due_in_7_days_and_overdue_once_and_only_their_own(world, run):
    agency, supervisor, officer, course = world
    elsewhere = make_agency(name="River County Sheriff's Office")
    outsider = make_member(agency=elsewhere).user
    done = make_member(agency=agency).user
    today = timezone.localdate()
    for person in (officer, done):
        Assignment.objects.create(
            user=person, agency=agency, course=course, due_on=today + timedelta(days=6)
        )
    make_completion(user=done, course=course)
    run()
    run()
    assert [m.subject for m in mails_to(officer)] == [
        f"Due in 7 days: Naloxone basics, due {today + timedelta(days=6):%-d %B %Y}"
    ]
    assert mails_to(done) == [] and mails_to(outsider) == []
    run(timezone.now() + timedelta(days=7))
    overdue = [m.subject for m in mails_to(officer) if m.subject.startswith("Overdue")]
    assert len(overdue) == 1
    assert "List-Unsubscribe" not in mails_to(officer)[-1].extra_headers  # overdue is required


def test_supervisor_gets_a_weekly_digest_of_expiring_and_overdue_once(world, run):
    agency, supervisor, officer, course = world
    other_agency = make_agency(name="River County Sheriff's Office")
    other_boss = make_member(agency=other_agency, role="supervisor").user
    late = make_member(agency=agency).user
    Assignment.objects.create(
        user=late, agency=agency, course=course, due_on=timezone.localdate() - timedelta(days=2)
    )
    make_completion(user=officer, course=course, days_ago=700)
    run()
    run()
    (digest,) = mails_to(supervisor)
    assert "1 expiring, 1 overdue" in digest.subject
    assert late.get_full_name() in digest.body and officer.get_full_name() in digest.body
    assert late.get_full_name() in digest.alternatives[0][0]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mails_to(other_boss) == []
    run(timezone.now() + timedelta(days=7))
    assert len(mails_to(supervisor)) == 2


def test_no_digest_when_nobody_is_expiring_or_overdue(world, run):
    _, supervisor, _, _ = world
    run()
    assert mails_to(supervisor) == []


def test_failed_email_is_kept_and_retried_then_given_up(world, settings, run):
    settings.LMS_REMINDER_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "tests.lms.test_due_notifications.RefusingBackend"
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    at = completion.expires_at - timedelta(days=3)
    run(at)
    entry = Notification.objects.get(kind=kinds.EXPIRING_SOON)
    assert (entry.email_status, entry.email_attempts) == ("failed", 1)
    assert "SMTP server is down" in entry.email_error
    run(at)
    entry.refresh_from_db()
    assert (entry.email_status, entry.email_attempts) == ("gave_up", 2)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(at)
    assert mails_to(officer) == []


def test_a_failure_then_success_sends_once(world, settings, run):
    settings.EMAIL_BACKEND = "tests.lms.test_due_notifications.RefusingBackend"
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    at = completion.expires_at - timedelta(days=3)
    run(at)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(at)
    run(at)
    entry = Notification.objects.get(kind=kinds.EXPIRING_SOON)
    assert (entry.email_status, entry.email_attempts) == ("sent", 2)
    assert len(mails_to(officer)) == 1


def test_the_daily_command_and_its_old_name_are_idempotent(
    world, django_capture_on_commit_callbacks
):
    _, _, officer, course = world
    make_completion(user=officer, course=course, days_ago=700)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_notifications", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "1 expiring" in out.getvalue()
    assert len(mail.outbox) == 2  # the officer's reminder and the supervisor's digest
