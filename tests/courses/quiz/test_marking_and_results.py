"""Essays marked by a person; who may see others' results; history and per-topic rates."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from courses.quiz.bank import create_question
from courses.quiz.models import QuizAttempt
from lms.models import Membership

from .helpers import (
    answer,
    finish,
    make_agency,
    make_course,
    make_quiz,
    officer_in,
    sample_questions,
    start,
    take,
)

pytestmark = pytest.mark.django_db


def _essay_quiz(**options):
    questions = [
        *sample_questions(1),
        create_question(text="Describe how you would give naloxone.", kind="essay"),
    ]
    return make_quiz(questions=questions, pass_mark=100, **options)


def _take_essay_quiz(client, quiz, officer):
    client.force_login(officer)
    attempt = start(client, quiz)
    answer(client, attempt, 1)
    client.post(
        f"/quiz/attempts/{attempt.public_id}/answer/",
        {"q": "2", "essay-2": "Call 911, give one spray in a nostril, rescue breaths."},
    )
    finish(client, attempt)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def capital():
    return make_agency()


@pytest.fixture
def river():
    return make_agency("River County Sheriff's Office")


def test_an_essay_waits_for_marking_and_a_supervisor_marks_it(client, capital, completions_sent):
    quiz = _essay_quiz(course=make_course())
    officer = officer_in(capital)
    attempt = _take_essay_quiz(client, quiz, officer)
    assert attempt.status == QuizAttempt.Status.AWAITING_MARKING
    assert attempt.score_percent is None and attempt.passed is False
    result = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "A trainer will mark your written answers" in result

    supervisor = officer_in(capital, role=Membership.Role.SUPERVISOR)
    client.force_login(supervisor)
    listing = client.get("/quiz/marking/?status=awaiting_marking").content.decode()
    assert attempt.user_name in listing
    detail = client.get(f"/quiz/marking/{attempt.public_id}/").content.decode()
    assert "Call 911, give one spray" in detail
    response = client.post(
        f"/quiz/marking/{attempt.public_id}/mark/2/",
        {"verdict": "correct", "comment": "Good, clear steps."},
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED
    assert attempt.score_percent == 100 and attempt.passed
    essay = attempt.questions.get(position=2)
    assert essay.marked_by == supervisor and essay.marker_comment == "Good, clear steps."
    assert len(completions_sent) == 1  # passing after marking completes the course
    # A second mark changes nothing: the attempt is final.
    client.post(f"/quiz/marking/{attempt.public_id}/mark/2/", {"verdict": "incorrect"})
    essay.refresh_from_db()
    assert essay.is_correct is True


def test_a_marking_verdict_must_be_correct_or_incorrect(client, capital):
    quiz = _essay_quiz()
    attempt = _take_essay_quiz(client, quiz, officer_in(capital))
    client.force_login(officer_in(capital, role=Membership.Role.SUPERVISOR))
    response = client.post(f"/quiz/marking/{attempt.public_id}/mark/2/", {"verdict": "maybe"})
    assert "choose correct or incorrect" in client.get(response["Location"]).content.decode()
    assert attempt.questions.get(position=2).is_correct is None


def test_a_supervisor_cannot_see_or_mark_another_agencys_attempts(client, capital, river):
    quiz = _essay_quiz()
    attempt = _take_essay_quiz(client, quiz, officer_in(river))
    client.force_login(officer_in(capital, role=Membership.Role.SUPERVISOR))
    assert attempt.user_name not in client.get("/quiz/marking/").content.decode()
    assert client.get(f"/quiz/marking/{attempt.public_id}/").status_code == 404
    response = client.post(f"/quiz/marking/{attempt.public_id}/mark/2/", {"verdict": "correct"})
    assert response.status_code == 404
    assert attempt.questions.get(position=2).is_correct is None


def test_ors_staff_see_every_agencys_attempts(client, capital, river):
    quiz = _essay_quiz()
    first = _take_essay_quiz(client, quiz, officer_in(capital))
    second = _take_essay_quiz(client, quiz, officer_in(river))
    ors = officer_in(None)
    ors.groups.add(Group.objects.get_or_create(name="ORS staff")[0])
    client.force_login(ors)
    listing = client.get("/quiz/marking/").content.decode()
    assert first.user_name in listing and second.user_name in listing


def test_officers_without_the_permission_cannot_open_the_marking_page(client, capital):
    client.force_login(officer_in(capital))
    assert client.get("/quiz/marking/").status_code == 404


def test_the_view_others_results_permission_opens_every_result(client, capital, river):
    quiz = make_quiz()
    client.force_login(officer_in(river))
    attempt = take(client, quiz, right=3)
    reviewer = officer_in(None)
    reviewer.user_permissions.add(
        Permission.objects.get(codename="view_others_results", content_type__app_label="quiz")
    )
    client.force_login(reviewer)
    assert client.get(f"/quiz/marking/{attempt.public_id}/").status_code == 200


def test_the_marking_page_filters_by_quiz_and_by_officer(client, capital):
    course = make_course()
    first_quiz = make_quiz(course=course, title="Quiz one")
    second_quiz = make_quiz(course=course, title="Quiz two")
    alice = officer_in(capital, first_name="Alice", last_name="Able")
    bob = officer_in(capital, first_name="Bob", last_name="Baker")
    for officer in (alice, bob):
        client.force_login(officer)
        take(client, first_quiz, right=3)
    client.force_login(bob)
    take(client, second_quiz, right=3)
    client.force_login(officer_in(capital, role=Membership.Role.SUPERVISOR))
    by_quiz = client.get(f"/quiz/marking/?quiz={second_quiz.pk}").content.decode()
    assert "Bob Baker" in by_quiz and "Alice Able" not in by_quiz
    by_officer = client.get("/quiz/marking/?officer=alice").content.decode()
    assert "Alice Able" in by_officer and "Bob Baker" not in by_officer
    assert client.get("/quiz/marking/?quiz=x&officer=%00&status=zzz").status_code == 200


def test_officer_history_lists_attempts_and_success_rate_per_category(client, user):
    questions = [
        *sample_questions(2, category="Recognition"),
        *sample_questions(2, category="Administration"),
    ]
    quiz = make_quiz(questions=questions, pass_mark=100)
    client.force_login(user)
    take(client, quiz, right=2)  # both Recognition right, both Administration wrong
    history = client.get("/quiz/history/").content.decode()
    assert "Final quiz" in history and "50%" in history
    assert "Recognition" in history and "Administration" in history
    from courses.quiz.selectors import category_success_for

    rates = {row["name"]: row["percent"] for row in category_success_for(user=user)}
    assert rates == {"Administration": 0, "Recognition": 100}


def test_results_are_stored_per_user(client):
    quiz = make_quiz(pass_mark=100)
    first, second = officer_in(None), officer_in(None)
    client.force_login(first)
    take(client, quiz, right=3)
    client.force_login(second)
    take(client, quiz, right=1)
    assert QuizAttempt.objects.get(user=first).score_percent == 100
    assert QuizAttempt.objects.get(user=second).passed is False
    assert "100%" not in client.get("/quiz/history/").content.decode()


def test_a_supervisor_cannot_mark_their_own_essay(client, capital):
    supervisor = officer_in(capital, role=Membership.Role.SUPERVISOR)
    attempt = _take_essay_quiz(client, _essay_quiz(), supervisor)
    response = client.post(f"/quiz/marking/{attempt.public_id}/mark/2/", {"verdict": "correct"})
    assert "You cannot mark your own answers." in client.get(response["Location"]).content.decode()
    assert attempt.questions.get(position=2).is_correct is None


def test_markers_find_the_marking_page_from_their_history(client, capital):
    client.force_login(officer_in(capital, role=Membership.Role.SUPERVISOR))
    assert "/quiz/marking/" in client.get("/quiz/history/").content.decode()
    client.force_login(officer_in(capital))
    assert "/quiz/marking/" not in client.get("/quiz/history/").content.decode()


def test_passing_attempt_for_course_returns_the_latest_pass_of_the_live_quiz(client, user):
    from courses.quiz.selectors import passing_attempt_for_course

    course = make_course()
    quiz = make_quiz(course=course, pass_mark=100)
    client.force_login(user)
    take(client, quiz, right=1)
    assert passing_attempt_for_course(user=user, course=course) is None
    passed = take(client, quiz, right=3)
    assert passing_attempt_for_course(user=user, course=course) == passed
    quiz.unpublish()
    assert passing_attempt_for_course(user=user, course=course) is None
