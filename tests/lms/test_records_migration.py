"""lms.0010 and courses.0010 move today's records to the rules of lms.records.training_status without
losing a row: tried on the demo history, plus the cases the demo lacks."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("lms", "0008_agency_invitation"), ("courses", "0009_coursepage_renewal_window_days")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    applied = [key for key in executor.loader.applied_migrations if key in graph.nodes]
    return executor.loader.project_state(applied).apps


def latest_targets():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())


def test_the_demo_history_keeps_every_ledger_row_and_certificate_through_the_migration(demo):
    from certificates.models import Certificate
    from lms.models import Completion

    ledger_before = set(
        Completion.objects.values_list("pk", "user_id", "course_id", "completed_at")
    )
    certificates_before = Certificate.objects.count()
    old = migrate(BEFORE)
    # What the old rules wrote and the new ones read differently: a course-page completion
    # state the ledger never got, and a roll-call record on the day of an online one.
    OldCompletion = old.get_model("lms", "Completion")
    State = old.get_model("courses", "CourseCompletionState")
    OldCertificate = old.get_model("certificates", "Certificate")
    first = OldCompletion.objects.exclude(user=None).exclude(course=None).order_by("pk").first()
    missing_at = timezone.now() - timedelta(days=800)
    other_course = (
        old.get_model("courses", "CoursePage").objects.exclude(pk=first.course_id).first()
    )
    State.objects.create(
        user_id=first.user_id,
        course_id=other_course.pk,
        cycle=1,
        completed_at=missing_at,
        expires_at=missing_at + timedelta(days=365),
    )
    morning = timezone.now() - timedelta(hours=6)
    online = OldCompletion.objects.create(
        user_id=first.user_id,
        course_id=other_course.pk,
        completed_at=morning + timedelta(days=1) - timedelta(days=1),
        expires_at=morning + timedelta(days=365),
        method="online",
        user_name="x",
        course_title="y",
    )
    roll_call = OldCompletion.objects.create(
        user_id=first.user_id,
        course_id=other_course.pk,
        completed_at=morning + timedelta(hours=4),
        expires_at=morning + timedelta(days=365, hours=4),
        method="roll_call",
        user_name="x",
        course_title="y",
    )
    later = OldCertificate.objects.create(
        completion=roll_call,
        code="RC-MIGR-ATE2",
        full_name="x",
        course_title="y",
        completed_on=roll_call.completed_at.date(),
    )
    printed = OldCertificate.objects.create(
        completion=online, code="RC-MIGR-ATE1", full_name="x", course_title="y",
        completed_on=online.completed_at.date(), superseded_by=later,
    )  # fmt: skip

    migrate(latest_targets())

    after = set(Completion.objects.values_list("pk", "user_id", "course_id", "completed_at"))
    assert ledger_before <= after
    added = after - ledger_before
    assert len(added) == 3  # the two made above and the back-filled state
    assert Completion.objects.filter(completed_at=missing_at, user_id=first.user_id).exists()
    assert Completion.objects.get(pk=roll_call.pk).kind == "refresher"
    assert Completion.objects.get(pk=online.pk).kind == "certifying"
    assert Certificate.objects.get(pk=printed.pk).superseded_by_id is None
    assert Certificate.objects.count() == certificates_before + 2
