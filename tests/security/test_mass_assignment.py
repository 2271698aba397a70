"""Extra POST fields (agency, role, score, passed, completed_at, is_staff) change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from courses.progress import LessonProgress
from lms.models import Completion, Membership
from tests.factories import UserFactory, build_course, make_agency, make_member

pytestmark = pytest.mark.django_db
PASSWORD = "amber-kettle-harbor-quiet-2026"
SMUGGLED = {
    "is_staff": "on",
    "is_superuser": "on",
    "role": "agency_admin",
    "agency": "1",
    "score": "100",
    "passed": "true",
    "completed_at": "2020-01-01T00:00:00Z",
    "status": "active",
}


def test_sign_up_ignores_staff_superuser_role_and_agency_fields(client):
    make_agency()
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Mal",
            "last_name": "Lory",
            "email": "mal@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **SMUGGLED,
        },
    )
    user = get_user_model().objects.get(email="mal@example.org")
    assert not user.is_staff
    assert not user.is_superuser
    assert not Membership.objects.filter(user=user).exists()


def test_joining_with_a_smuggled_role_still_makes_an_officer_who_waits_for_approval(client):
    agency = make_agency(allowed_email_domains="capital.example.org")
    person = UserFactory(email="someone@elsewhere.example.org")
    client.force_login(person)
    client.post(reverse("lms:join", kwargs={"code": agency.join_code}), SMUGGLED)
    membership = Membership.objects.get(user=person, agency=agency)
    assert membership.role == Membership.Role.OFFICER
    assert membership.status == Membership.Status.PENDING


def test_lesson_complete_ignores_a_smuggled_completion_date_and_score(client):
    course = build_course(lessons=1)
    lesson = course.get_children().type(LessonPage).first().specific
    officer = UserFactory()
    client.force_login(officer)
    before = timezone.now()
    client.post(reverse("courses:lesson_complete", args=[lesson.pk]), SMUGGLED)
    progress = LessonProgress.objects.get(user=officer, lesson=lesson)
    assert progress.completed_at >= before
    completion = Completion.objects.get(user=officer)
    assert completion.completed_at >= before
    assert completion.score is None


def test_a_supervisor_cannot_move_an_officer_to_another_agency_through_the_roster(client):
    home, other = make_agency(), make_agency()
    supervisor = make_member(agency=home, role="supervisor").user
    officer = make_member(agency=home).user
    client.force_login(supervisor)
    membership = Membership.objects.get(user=officer, agency=home)
    client.post(
        reverse("lms:membership_approve", kwargs={"membership_id": membership.pk}),
        {**SMUGGLED, "agency": str(other.pk)},
    )
    membership.refresh_from_db()
    assert membership.agency == home
    assert membership.role == Membership.Role.OFFICER
