from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lms.conf import app_settings
from lms.models import Assignment, ReminderLog
from lms.reminders import send_reminders
from tests.factories import build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    officer = make_member(agency=agency).user
    course = build_course(title="Naloxone basics", recertification_months=24, lessons=1)
    return agency, supervisor, officer, course


def test_officer_gets_one_reminder_per_threshold_and_never_twice(world):
    agency, supervisor, officer, course = world
    completion = make_completion(user=officer, course=course)
    at_55 = completion.expires_at - timedelta(days=55)
    send_reminders(now=at_55)
    send_reminders(now=at_55 + timedelta(hours=1))
    expiry = [m for m in mail.outbox if m.to == [officer.email]]
    assert len(expiry) == 1
    assert "Naloxone basics" in expiry[0].subject and "expires in 55 days" in expiry[0].subject
    send_reminders(now=completion.expires_at - timedelta(days=29))
    send_reminders(now=completion.expires_at - timedelta(days=6))
    send_reminders(now=completion.expires_at - timedelta(days=5))
    keys = sorted(ReminderLog.objects.filter(kind="expiry").values_list("key", flat=True))
    assert keys == [f"expiry:{completion.pk}:{d}" for d in (30, 60, 7)]
    assert len([m for m in mail.outbox if m.to == [officer.email]]) == 3


def test_first_seen_close_to_expiry_sends_only_the_nearest_reminder(world):
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    send_reminders(now=completion.expires_at - timedelta(days=5))
    assert list(ReminderLog.objects.filter(kind="expiry").values_list("key", flat=True)) == [
        f"expiry:{completion.pk}:7"
    ]


def test_recertifying_stops_reminders_for_the_old_completion(world):
    _, _, officer, course = world
    old = make_completion(user=officer, course=course, days_ago=700)
    make_completion(user=officer, course=course, days_ago=0, method="manual")
    send_reminders(now=old.expires_at - timedelta(days=20))
    assert not ReminderLog.objects.filter(completion=old).exists()


def test_reminder_days_are_configurable(world, settings):
    settings.LMS_REMINDER_DAYS = "14, 3"
    assert app_settings.reminder_days == (14, 3)
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    send_reminders(now=completion.expires_at - timedelta(days=40))
    assert not ReminderLog.objects.filter(kind="expiry").exists()
    send_reminders(now=completion.expires_at - timedelta(days=10))
    assert ReminderLog.objects.get(kind="expiry").key.endswith(":14")


def test_supervisor_gets_a_weekly_digest_of_expiring_and_overdue_once(world):
    agency, supervisor, officer, course = world
    late = make_member(agency=agency).user
    Assignment.objects.create(
        user=late, agency=agency, course=course, due_on=timezone.localdate() - timedelta(days=2)
    )
    make_completion(user=officer, course=course, days_ago=700)
    send_reminders()
    send_reminders()
    digests = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert len(digests) == 1
    assert "1 expiring, 1 overdue" in digests[0].subject
    assert late.get_full_name() in digests[0].body and officer.get_full_name() in digests[0].body
    send_reminders(now=timezone.now() + timedelta(days=7))
    assert len([m for m in mail.outbox if m.to == [supervisor.email]]) == 2


def test_no_digest_when_nobody_is_expiring_or_overdue(world):
    _, supervisor, _, _ = world
    send_reminders()
    assert not [m for m in mail.outbox if m.to == [supervisor.email]]


def test_failed_email_is_logged_and_retried_then_given_up(world, settings, monkeypatch):
    settings.LMS_REMINDER_MAX_ATTEMPTS = 2
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    at = completion.expires_at - timedelta(days=3)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server is down")

    monkeypatch.setattr("lms.reminders.send_mail", refuse)
    send_reminders(now=at)
    log = ReminderLog.objects.get(kind="expiry")
    assert (log.status, log.attempts) == ("failed", 1)
    assert "SMTP server is down" in log.last_error
    send_reminders(now=at)
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("gave_up", 2)
    monkeypatch.undo()
    send_reminders(now=at)
    assert not [m for m in mail.outbox if m.to == [officer.email]]


def test_a_failure_then_success_sends_once(world, monkeypatch):
    _, _, officer, course = world
    completion = make_completion(user=officer, course=course)
    at = completion.expires_at - timedelta(days=3)
    monkeypatch.setattr(
        "lms.reminders.send_mail",
        lambda *a, **k: (_ for _ in ()).throw(TimeoutError("timed out")),
    )
    send_reminders(now=at)
    monkeypatch.undo()
    send_reminders(now=at)
    send_reminders(now=at)
    log = ReminderLog.objects.get(kind="expiry")
    assert (log.status, log.attempts) == ("sent", 2)
    assert len([m for m in mail.outbox if m.to == [officer.email]]) == 1


def test_send_reminders_command_reports_and_is_idempotent(world):
    _, _, officer, course = world
    make_completion(user=officer, course=course, days_ago=700)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert "planned 2 new" in out.getvalue()  # the expiry and the digest
    assert "planned 0 new" in out.getvalue()
    assert len(mail.outbox) == 2
