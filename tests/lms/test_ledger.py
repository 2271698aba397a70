from __future__ import annotations

import pytest

from courses.models import CoursePage
from courses.signals import course_completed
from lms.models import Completion, LedgerIsAppendOnly
from lms.records.ledger import record_completion
from tests.factories import build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_setup():
    agency = make_agency(name="Capital City Police Department")
    member = make_member(agency=agency, badge_number="1234")
    member.user.first_name, member.user.last_name = "Dana", "Reyes"
    member.user.save()
    course = build_course(title="Naloxone basics", recertification_months=24, lessons=1)
    return agency, member, course


def test_completion_keeps_snapshots_of_names_badge_agency_and_course(officer_setup):
    agency, member, course = officer_setup
    completion = make_completion(user=member.user, course=course)
    assert completion.user_name == "Dana Reyes"
    assert completion.badge_number == "1234"
    assert completion.agency_name == "Capital City Police Department"
    assert completion.course_title == "Naloxone basics"
    assert completion.training_minutes == course.estimated_minutes
    assert completion.expires_at.year == completion.completed_at.year + 2


def test_snapshots_survive_renaming_user_agency_and_course(officer_setup):
    agency, member, course = officer_setup
    completion = make_completion(user=member.user, course=course)
    member.user.last_name = "Renamed"
    member.user.save()
    agency.name = "Renamed Agency"
    agency.save()
    course.title = "Renamed course"
    course.save_revision().publish()
    completion = Completion.objects.get(pk=completion.pk)
    assert (completion.user_name, completion.agency_name, completion.course_title) == (
        "Dana Reyes",
        "Capital City Police Department",
        "Naloxone basics",
    )


def test_snapshots_survive_deleting_user_agency_and_course(officer_setup):
    agency, member, course = officer_setup
    completion = make_completion(user=member.user, course=course)
    member.user.delete()  # memberships go with the user
    agency.delete()
    CoursePage.objects.get(pk=course.pk).delete()
    completion = Completion.objects.get(pk=completion.pk)
    assert completion.user_id is None and completion.agency_id is None
    assert completion.course_id is None
    assert completion.user_name == "Dana Reyes"
    assert completion.agency_name == "Capital City Police Department"
    assert completion.course_title == "Naloxone basics"


def test_a_completion_cannot_be_edited_or_deleted(officer_setup):
    _, member, course = officer_setup
    completion = make_completion(user=member.user, course=course)
    completion.note = "changed"
    with pytest.raises(LedgerIsAppendOnly):
        completion.save()
    with pytest.raises(LedgerIsAppendOnly):
        completion.delete()
    with pytest.raises(LedgerIsAppendOnly):
        Completion.objects.filter(pk=completion.pk).update(note="changed")
    with pytest.raises(LedgerIsAppendOnly):
        Completion.objects.all().delete()
    assert Completion.objects.get(pk=completion.pk).note == ""


def test_repeated_online_signal_in_the_same_cycle_records_one_completion(officer_setup):
    _, member, course = officer_setup
    for _ in range(3):
        course_completed.send(sender=CoursePage, user=member.user, course=course)
    assert Completion.objects.filter(user=member.user, course=course).count() == 1


def test_the_same_quiz_attempt_never_completes_a_course_twice(officer_setup):
    _, member, course = officer_setup
    first = record_completion(user=member.user, course=course, method="online", attempt_id=7)
    again = record_completion(user=member.user, course=course, method="online", attempt_id=7)
    assert first.pk == again.pk


def test_recertification_adds_a_new_completion_and_keeps_history(officer_setup):
    _, member, course = officer_setup
    old = make_completion(user=member.user, course=course, days_ago=700)  # expires in ~30 days
    new = record_completion(user=member.user, course=course, method="online")
    assert new.pk != old.pk
    assert list(Completion.objects.filter(user=member.user).order_by("completed_at")) == [old, new]
