"""The lifecycle migration moves sessions recorded before it to the new states, losing no row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lms.rollcall.models import Absence, Attendance, ExpectedOfficer, RollCallSession
from tests.factories import make_agency, make_member

# serialized_rollback: the migrations run outside a test transaction; the rows migrations
# create (home page, groups) are restored afterwards for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("rollcall", "0001_initial")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_sessions_recorded_before_the_lifecycle_keep_every_row_and_get_its_states():
    agency = make_agency(name="Old Records Police Department")
    sergeant = make_member(agency=agency, role="supervisor").user
    officers = [make_member(agency=agency, unit="Day shift").user for _ in range(3)]
    left = make_member(agency=agency, status="ended").user
    now = timezone.now()
    targets = [node for node in _latest() if node[0] != "rollcall"] + [BEFORE]
    old = _migrate(targets)
    Session = old.get_model("rollcall", "RollCallSession")
    OldAttendance = old.get_model("rollcall", "Attendance")
    OldAbsence = old.get_model("rollcall", "Absence")

    def session(**fields):
        return Session.objects.create(
            agency_id=agency.pk,
            course_title="Leave-behind naloxone",
            started_by_id=sergeant.pk,
            supervisor_name="Sgt Old",
            held_on=timezone.localdate(),
            **fields,
        )

    closed = session(
        completion_rule="attestation",
        status="closed",
        attested_at=now - timedelta(hours=2),
        closed_at=now - timedelta(hours=1),
    )
    for officer in officers[:2]:
        OldAttendance.objects.create(
            session=closed, user_id=officer.pk, user_name=officer.get_full_name(), method="self"
        )
    OldAbsence.objects.create(
        session=closed,
        user_id=officers[2].pk,
        user_name=officers[2].get_full_name(),
        makeup_due_on=timezone.localdate(),
    )
    OldAbsence.objects.create(
        session=closed, user_id=left.pk, user_name="Left Officer", exemption_reason="leave"
    )
    closed_unattested = session(completion_rule="quiz", status="closed", closed_at=now)
    attested_open = session(
        completion_rule="attestation", status="open", attested_at=now - timedelta(minutes=5)
    )
    plain_open = session(completion_rule="quiz", status="open")

    _migrate(_latest())

    assert RollCallSession.objects.count() == 4
    assert Attendance.objects.count() == 2 and Absence.objects.count() == 2
    closed = RollCallSession.objects.get(pk=closed.pk)
    assert closed.status == RollCallSession.Status.COMPLETED
    assert closed.completed_at == now - timedelta(hours=1)
    assert closed.checkin_closed_at == now - timedelta(hours=2)
    # Its roster was the people present and the people listed absent.
    assert set(closed.expected.values_list("user_id", flat=True)) == {
        *(o.pk for o in officers),
        left.pk,
    }
    outcomes = dict(closed.absences.values_list("user_id", "outcome"))
    assert outcomes == {officers[2].pk: "makeup", left.pk: "exempt"}

    unattested = RollCallSession.objects.get(pk=closed_unattested.pk)
    assert unattested.status == RollCallSession.Status.COMPLETED
    assert unattested.checkin_closed_at == unattested.completed_at == now

    attested = RollCallSession.objects.get(pk=attested_open.pk)
    assert attested.status == RollCallSession.Status.CHECKIN_CLOSED
    assert attested.checkin_closed_at == attested.attested_at

    still_open = RollCallSession.objects.get(pk=plain_open.pk)
    assert still_open.status == RollCallSession.Status.OPEN
    assert still_open.checkin_closed_at is None and still_open.completed_at is None
    # An open session expected the agency's active members, as its roster showed them.
    assert set(still_open.expected.values_list("user_id", flat=True)) == {
        sergeant.pk,
        *(o.pk for o in officers),
    }
    assert ExpectedOfficer.objects.filter(session=still_open, unit="Day shift").count() == 3
