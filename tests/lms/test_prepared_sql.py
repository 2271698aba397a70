"""Statements compiled once per process (lms.prepared_sql) answer as the ORM does, and the agency
matrix's facts read through them are the facts the ORM gives (lms.selectors.facts)."""

from __future__ import annotations

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from certificates.issuing import issue_certificate, revoke_certificate
from lms.models import Completion
from lms.people.invitations import accept_invitation, invite_to_agency
from lms.prepared_sql import STAND_IN_NOW, prepare, stand_in_id, stand_in_text
from lms.records.assignments import assign_course
from lms.selectors.columns import agency_members_q
from lms.selectors.facts import agency_training_facts, training_facts
from tests.factories import (
    build_course,
    make_agency,
    make_completion,
    make_member,
    start_first_lesson,
)

pytestmark = pytest.mark.django_db

_PERSON = stand_in_id()


def _expiring(*, person, now):
    return Completion.objects.filter(
        user_id=person, completed_at__lte=now, expires_at__gt=now + datetime.timedelta(days=30)
    ).values_list("pk", flat=True)


def test_a_prepared_statement_gives_the_orm_rows_for_each_person_and_moment():
    agency = make_agency(name="Capital City Police Department")
    course = build_course(title="Naloxone basics", lessons=1, recertification_months=12)
    ada, bo = (make_member(agency=agency).user for _ in range(2))
    for days_ago in (10, 200, 340, 400):
        make_completion(user=ada, course=course, days_ago=days_ago)
    make_completion(user=bo, course=course, days_ago=5)
    statement = prepare(
        _expiring(person=_PERSON, now=STAND_IN_NOW),
        alias=DEFAULT_DB_ALIAS,
        ids={"person": _PERSON},
    )
    answers = []
    for person in (ada, bo):
        for now in (timezone.now(), timezone.now() - datetime.timedelta(days=180)):
            prepared = {
                row[0] for row in statement.rows(DEFAULT_DB_ALIAS, now=now, person=person.pk)
            }
            assert prepared == set(_expiring(person=person.pk, now=now))
            answers.append(len(prepared))
    # Each person and moment has its own answer: none of the comparisons was between nothings.
    assert answers == [2, 3, 1, 0]
    assert len(statement.moments) == 2  # "now" and "now + 30 days"


def test_a_stand_in_that_does_not_reach_the_statement_is_refused():
    with pytest.raises(ValueError, match="code"):
        prepare(
            Completion.objects.filter(user_id=_PERSON),
            alias=DEFAULT_DB_ALIAS,
            ids={"person": _PERSON, "code": stand_in_text()},
        )
    statement = prepare(
        _expiring(person=_PERSON, now=STAND_IN_NOW),
        alias=DEFAULT_DB_ALIAS,
        ids={"person": _PERSON},
    )
    with pytest.raises(ValueError, match="current moment"):
        statement.bind(DEFAULT_DB_ALIAS, person=1)


@pytest.fixture
def capital(db):
    """An agency with every kind of record the matrix tells apart: current, in the renewal
    window, expiring within 30 days, renewed early, expired, for life, in progress, an open
    quiz-free lesson, assignments (open, satisfied, agency-wide, another agency's), a transfer
    with a certificate from elsewhere, a revoked certificate, training another agency recorded,
    and a member who left."""
    capital = make_agency(name="Capital City Police Department")
    river = make_agency(name="River County Sheriff's Office")
    supervisor = make_member(agency=capital, role="supervisor").user
    river_supervisor = make_member(agency=river, role="supervisor").user
    yearly = build_course(title="Naloxone basics", lessons=1, recertification_months=12)
    biennial = build_course(title="Leave-behind kits", lessons=1, recertification_months=24)
    for_life = build_course(title="Program overview", lessons=1)
    officers = [make_member(agency=capital).user for _ in range(8)]
    current, window, soon, renewed, lapsed, lifer, starter, leaver = officers
    make_completion(user=current, course=yearly, days_ago=20, agency=capital)
    make_completion(user=window, course=yearly, days_ago=320, agency=capital)
    make_completion(user=soon, course=yearly, days_ago=350, agency=capital)
    make_completion(user=soon, course=biennial, days_ago=700, agency=capital)
    make_completion(user=renewed, course=yearly, days_ago=350, agency=capital)
    make_completion(user=renewed, course=yearly, days_ago=3, agency=capital)
    make_completion(user=lapsed, course=yearly, days_ago=400, agency=capital)
    make_completion(user=lifer, course=for_life, days_ago=900, agency=capital)
    start_first_lesson(user=starter, course=biennial)
    make_completion(user=leaver, course=yearly, days_ago=10, agency=capital)
    leaver.memberships.update(status="ended")
    revoked = make_completion(user=current, course=biennial, days_ago=30, agency=capital)
    revoke_certificate(
        certificate=issue_certificate(completion=revoked, render=False),
        by=supervisor,
        reason="Recorded for the wrong person",
    )
    # A transfer from River: its certificate counts at Capital, its past training does not.
    mover = make_member(agency=river).user
    certified = make_completion(
        user=mover, course=yearly, method="roll_call", days_ago=60, agency=river
    )
    issue_certificate(completion=certified, render=False)
    make_completion(
        user=mover,
        course=biennial,
        method="manual",
        days_ago=100,
        agency=river,
        recorded_by=river_supervisor,
    )
    invitation, _ = invite_to_agency(
        agency=capital,
        user=mover,
        invited_by=supervisor,
        first_name=mover.first_name,
        last_name=mover.last_name,
        email=mover.email,
    )
    accept_invitation(invitation=invitation)
    today = timezone.localdate()
    assign_course(
        course=biennial,
        due_on=today - datetime.timedelta(days=3),
        agencies=[capital],
        assigned_by=supervisor,
        user_ids=[lapsed.pk, soon.pk, mover.pk],
        today=today - datetime.timedelta(days=10),  # assigned earlier: overdue now
    )
    assign_course(
        course=for_life,
        due_on=today + datetime.timedelta(days=9),
        agencies=[capital],
        assigned_by=supervisor,
    )
    assign_course(
        course=yearly,
        due_on=today + datetime.timedelta(days=5),
        agencies=[river],
        assigned_by=river_supervisor,
    )
    return capital


@pytest.mark.parametrize("expiring_within", [None, datetime.timedelta(days=30)])
def test_the_agency_matrix_reads_the_facts_the_orm_gives(capital, expiring_within):
    seen = []
    for now in (timezone.now(), timezone.now() - datetime.timedelta(days=45)):
        expected = training_facts(
            user_ids_q=agency_members_q(capital),
            course_ids=None,
            agency=capital,
            now=now,
            expiring_within=expiring_within,
        )
        prepared = agency_training_facts(agency=capital, now=now, expiring_within=expiring_within)
        assert prepared.codes == expected.codes
        assert prepared.states == expected.states
        assert prepared.expiring_soon == expected.expiring_soon
        assert dict(prepared.assignments) == dict(expected.assignments)
        assert prepared.everyone_courses == expected.everyone_courses
        assert prepared.activity == expected.activity
        assert prepared.overdue == expected.overdue
        seen.append(expected)
    # The world above reaches every kind of fact: the comparison is not between empty sets.
    today = seen[0]
    assert set(today.states.values()) >= {"complete", "expiring", "expired", "overdue"}
    assert today.assignments and today.activity and today.everyone_courses
    assert bool(today.expiring_soon) == bool(expiring_within)


def test_the_agency_matrix_takes_a_newly_published_course_at_once(capital):
    """The statements are kept per set of renewal windows: a new course compiles anew."""
    agency_training_facts(agency=capital)
    added = build_course(title="Fentanyl exposure", lessons=1, recertification_months=6)
    officer = make_member(agency=capital).user
    make_completion(user=officer, course=added, days_ago=1, agency=capital)
    facts = agency_training_facts(agency=capital)
    assert (officer.pk, added.pk) in facts.codes
