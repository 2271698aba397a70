from __future__ import annotations

from decimal import Decimal

import pytest

from courses.quiz.models import QuizAttempt

from .helpers import answer, finish, make_course, make_quiz, sample_questions, start, take

pytestmark = pytest.mark.django_db


def test_officer_takes_a_quiz_one_question_per_screen_and_passes(signed_in, user):
    quiz = make_quiz(pass_mark=60)
    attempt = start(signed_in, quiz)
    page = signed_in.get(f"/quiz/attempts/{attempt.public_id}/")
    assert page.status_code == 200
    assert "Question 1 of 3" in page.content.decode()
    for position in (1, 2, 3):
        answer(signed_in, attempt, position, correct=position != 3)
    response = finish(signed_in, attempt)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED
    assert attempt.score_percent == Decimal("66.67")
    assert attempt.passed is True
    result = signed_in.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "You passed" in result
    assert "67%" in result


def test_failing_below_the_pass_mark_shows_the_fail_message(signed_in):
    quiz = make_quiz(pass_mark=80, fail_message="<p>Review lesson two and try again.</p>")
    attempt = take(signed_in, quiz, right=2)
    assert attempt.passed is False
    result = signed_in.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Review lesson two and try again." in result
    assert "You did not pass" in result


def test_passing_shows_the_custom_pass_message(signed_in):
    quiz = make_quiz(pass_message="<p>Well done, carry naloxone on every shift.</p>")
    attempt = take(signed_in, quiz, right=3)
    result = signed_in.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Well done, carry naloxone on every shift." in result


def test_passing_the_quiz_with_no_lessons_left_completes_the_course_once(
    signed_in, user, completions_sent
):
    course = make_course()
    quiz = make_quiz(course=course)
    attempt = take(signed_in, quiz, right=3)
    finish(signed_in, attempt)  # a replay of the finish changes nothing
    assert len(completions_sent) == 1
    assert completions_sent[0]["user"] == user
    assert completions_sent[0]["course"].pk == course.pk
    assert completions_sent[0]["attempt"].pk == attempt.pk
    assert completions_sent[0]["score"] == Decimal("100.00")


def test_failing_the_quiz_does_not_complete_the_course(signed_in, completions_sent):
    take(signed_in, make_quiz(pass_mark=100), right=2)
    assert completions_sent == []


def test_whole_quiz_on_one_page_is_answered_in_one_submission(signed_in):
    quiz = make_quiz(layout="single_page")
    attempt = start(signed_in, quiz)
    page = signed_in.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    for n in (1, 2, 3):
        assert f"Question {n} of 3" in page
    from .helpers import token_for

    data = {"q": ["1", "2", "3"], "finish": "1"}
    for n in (1, 2, 3):
        data[f"answer-{n}"] = token_for(attempt, n, correct=True)
    signed_in.post(f"/quiz/attempts/{attempt.public_id}/answer/", data)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED
    assert attempt.score_percent == 100


def test_an_officer_can_leave_and_resume_an_unfinished_attempt(client, user):
    quiz = make_quiz()
    client.force_login(user)
    attempt = start(client, quiz)
    answer(client, attempt, 1)
    client.logout()
    client.force_login(user)
    landing = client.get(quiz.url).content.decode()
    assert "Resume your attempt" in landing
    resumed = start(client, quiz)
    assert resumed.pk == attempt.pk
    page = client.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    assert "1 of 3 answered" in page
    assert "Question 2 of 3" in page


def test_previous_scores_are_listed_on_the_quiz_page(signed_in):
    quiz = make_quiz(pass_mark=100)
    take(signed_in, quiz, right=1)
    take(signed_in, quiz, right=3)
    landing = signed_in.get(quiz.url).content.decode()
    assert "Your previous scores" in landing
    assert "33%" in landing
    assert "100%" in landing


def test_questions_are_drawn_in_random_order_when_the_author_asks(signed_in, user):
    questions = sample_questions(8)
    quiz = make_quiz(questions=questions, random_order=True)
    orders = set()
    for _ in range(6):
        attempt = take(signed_in, quiz, right=0)
        orders.add(tuple(attempt.questions.values_list("question_id", flat=True)))
    assert len(orders) > 1


def test_questions_keep_the_author_order_without_random_order(signed_in):
    questions = sample_questions(5)
    quiz = make_quiz(questions=questions, random_order=False)
    attempt = start(signed_in, quiz)
    assert list(attempt.questions.values_list("question_id", flat=True)) == [
        q.pk for q in questions
    ]


def test_a_maximum_number_of_questions_is_drawn_at_random_from_the_pool(signed_in):
    questions = sample_questions(10)
    quiz = make_quiz(questions=questions, max_questions=4)
    drawn = set()
    for _ in range(5):
        attempt = take(signed_in, quiz, right=0)
        ids = list(attempt.questions.values_list("question_id", flat=True))
        assert len(ids) == 4
        assert attempt.max_points == 4
        drawn.update(ids)
    assert len(drawn) > 4


def test_choices_are_shuffled_when_the_author_asks(signed_in):
    from courses.quiz.bank import create_question

    question = create_question(
        text="Pick A", kind="single", choices=[(c, c == "A") for c in "ABCDEFGH"]
    )
    quiz = make_quiz(questions=[question], shuffle_choices=True)
    orders = set()
    for _ in range(6):
        attempt = take(signed_in, quiz, right=0)
        orders.add(tuple(c["text"] for c in attempt.questions.get().choices))
    assert len(orders) > 1


def test_a_draft_quiz_is_hidden_from_officers(signed_in):
    course = make_course()
    quiz = make_quiz(course=course, live=False)
    assert signed_in.get(quiz.url or f"/courses/{course.slug}/quiz/").status_code == 404
    assert signed_in.post(f"/quiz/{quiz.pk}/start/").status_code == 404
    from courses.quiz.selectors import live_quiz_for_course

    assert live_quiz_for_course(course) is None
    assert not QuizAttempt.objects.exists()


def test_signed_out_visitors_see_the_quiz_page_but_must_sign_in_to_start(client):
    quiz = make_quiz()
    page = client.get(quiz.url)
    assert page.status_code == 200
    assert "Sign in to take the quiz" in page.content.decode()
    response = client.post(f"/quiz/{quiz.pk}/start/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not QuizAttempt.objects.exists()
