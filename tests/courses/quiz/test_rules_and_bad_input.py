"""Attempt limits, waiting periods, time limits, and every kind of bad submission."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.quiz.bank import create_question
from courses.quiz.models import AttemptQuestion, QuizAttempt

from .helpers import answer, make_quiz, start, take, token_for

pytestmark = pytest.mark.django_db


def _messages(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_a_single_attempt_quiz_refuses_a_second_attempt(signed_in, user):
    quiz = make_quiz(max_attempts=1, pass_mark=100)
    take(signed_in, quiz, right=1)
    response = signed_in.post(f"/quiz/{quiz.pk}/start/")
    assert "You have used your only attempt at this quiz." in _messages(signed_in, response)
    assert QuizAttempt.objects.filter(user=user).count() == 1


def test_maximum_attempts_are_enforced(signed_in, user):
    quiz = make_quiz(max_attempts=2, pass_mark=100)
    take(signed_in, quiz, right=0)
    take(signed_in, quiz, right=0)
    response = signed_in.post(f"/quiz/{quiz.pk}/start/")
    assert "You have used all 2 attempts" in _messages(signed_in, response)
    assert QuizAttempt.objects.filter(user=user).count() == 2


def test_a_waiting_period_holds_the_next_attempt_until_it_ends(signed_in, user):
    quiz = make_quiz(wait_minutes=30, pass_mark=100)
    first = take(signed_in, quiz, right=0)
    response = signed_in.post(f"/quiz/{quiz.pk}/start/")
    assert "You can try this quiz again from" in _messages(signed_in, response)
    assert QuizAttempt.objects.filter(user=user).count() == 1
    QuizAttempt.objects.filter(pk=first.pk).update(
        finished_at=timezone.now() - timedelta(minutes=31)
    )
    start(signed_in, quiz)
    assert QuizAttempt.objects.filter(user=user).count() == 2


def test_an_answer_after_the_time_limit_is_refused_and_the_attempt_is_graded(signed_in):
    quiz = make_quiz(time_limit_minutes=5)
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = answer(signed_in, attempt, 2)
    assert response["Location"].endswith("/result/")
    page = _messages(signed_in, response)
    assert "Time is up" in page
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED
    assert attempt.timed_out is True
    assert attempt.questions.get(position=2).answered_at is None
    assert attempt.score_percent == Decimal("33.33")


def test_an_expired_attempt_is_closed_when_the_officer_comes_back(signed_in):
    quiz = make_quiz(time_limit_minutes=5)
    attempt = start(signed_in, quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=10)
    )
    response = signed_in.get(f"/quiz/attempts/{attempt.public_id}/")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.is_finished
    # A new attempt may start (no limit on attempts).
    assert start(signed_in, quiz).pk != attempt.pk


def _post(client, attempt, data):
    return client.post(f"/quiz/attempts/{attempt.public_id}/answer/", data)


def _nothing_saved(attempt) -> bool:
    return not AttemptQuestion.objects.filter(attempt=attempt, answered_at__isnull=False).exists()


def test_submitting_no_answer_asks_for_one_and_saves_nothing(signed_in):
    attempt = start(signed_in, make_quiz())
    response = _post(signed_in, attempt, {"q": "1"})
    assert "Question 1: please choose an answer." in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_an_unknown_choice_token_is_refused_clearly(signed_in):
    attempt = start(signed_in, make_quiz())
    response = _post(signed_in, attempt, {"q": "1", "answer-1": "not-a-token"})
    assert "not one of this question" in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_a_choice_token_from_another_question_is_refused(signed_in):
    attempt = start(signed_in, make_quiz())
    foreign = token_for(attempt, 2, correct=True)
    response = _post(signed_in, attempt, {"q": "1", "answer-1": foreign})
    assert "not one of this question" in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_a_choice_token_from_another_attempt_is_refused(signed_in, client):
    from tests.factories import UserFactory

    quiz = make_quiz()
    mine = start(signed_in, quiz)
    other_client = client.__class__()
    other_client.force_login(UserFactory())
    theirs = start(other_client, quiz)
    response = _post(signed_in, mine, {"q": "1", "answer-1": token_for(theirs, 1, correct=True)})
    assert "not one of this question" in _messages(signed_in, response)
    assert _nothing_saved(mine)


@pytest.mark.parametrize("position", ["99", "0", "-1", "abc", "1e3", "٣"])
def test_a_tampered_question_number_is_refused_clearly(signed_in, position):
    attempt = start(signed_in, make_quiz())
    response = _post(signed_in, attempt, {"q": position, f"answer-{position}": "x"})
    assert response.status_code == 302
    assert "not part of this attempt" in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_one_bad_answer_in_a_whole_page_submission_saves_none_of_them(signed_in):
    attempt = start(signed_in, make_quiz(layout="single_page"))
    data = {
        "q": ["1", "2", "3"],
        "answer-1": token_for(attempt, 1, correct=True),
        "answer-2": token_for(attempt, 2, correct=True),
        "answer-3": "forged",
        "finish": "1",
    }
    _post(signed_in, attempt, data)
    assert _nothing_saved(attempt)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS


def test_two_choices_on_a_one_answer_question_are_refused(signed_in):
    attempt = start(signed_in, make_quiz())
    tokens = [c["token"] for c in attempt.questions.get(position=1).choices[:2]]
    response = _post(signed_in, attempt, {"q": "1", "answer-1": tokens})
    assert "please choose only one answer" in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_finishing_with_unanswered_questions_is_refused(signed_in):
    attempt = start(signed_in, make_quiz())
    answer(signed_in, attempt, 1)
    response = _post(signed_in, attempt, {"finish": "1"})
    assert "Please answer every question before finishing" in _messages(signed_in, response)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS


def test_a_one_megabyte_essay_is_refused_with_its_length_and_nothing_is_saved(signed_in):
    essay = create_question(text="Describe the steps.", kind="essay")
    attempt = start(signed_in, make_quiz(questions=[essay]))
    response = _post(signed_in, attempt, {"q": "1", "essay-1": "x" * 1_000_000})
    page = _messages(signed_in, response)
    assert "your answer is 1,000,000 characters long; the limit is 10,000" in page
    assert _nothing_saved(attempt)


def test_nul_characters_in_an_essay_are_dropped_not_a_database_error(signed_in):
    essay = create_question(text="Describe the steps.", kind="essay")
    attempt = start(signed_in, make_quiz(questions=[essay]))
    _post(signed_in, attempt, {"q": "1", "essay-1": "Call\x00 911"})
    assert attempt.questions.get().essay_answer == "Call 911"


def test_an_empty_essay_is_refused(signed_in):
    essay = create_question(text="Describe the steps.", kind="essay")
    attempt = start(signed_in, make_quiz(questions=[essay]))
    response = _post(signed_in, attempt, {"q": "1", "essay-1": "   "})
    assert "please write an answer" in _messages(signed_in, response)
    assert _nothing_saved(attempt)


def test_select_all_that_apply_needs_exactly_the_correct_set(signed_in):
    question = create_question(
        text="Signs of an opioid overdose?",
        kind="multiple",
        choices=[("Pinpoint pupils", True), ("Slow breathing", True), ("Sneezing", False)],
    )
    quiz = make_quiz(questions=[question], max_attempts=None, pass_mark=100)
    attempt = start(signed_in, quiz)
    snapshot = attempt.questions.get()
    partial = [c["token"] for c in snapshot.choices if c["text"] == "Pinpoint pupils"]
    _post(signed_in, attempt, {"q": "1", "answer-1": partial, "finish": "1"})
    attempt.refresh_from_db()
    assert attempt.score_percent == 0
    second = start(signed_in, quiz)
    _post(
        signed_in,
        second,
        {"q": "1", "answer-1": second.questions.get().correct_tokens, "finish": "1"},
    )
    second.refresh_from_db()
    assert second.score_percent == 100


def test_true_false_questions_are_graded(signed_in):
    question = create_question(
        text="Naloxone works on an opioid overdose.",
        kind="true_false",
        choices=[("True", True), ("False", False)],
    )
    attempt = take(signed_in, make_quiz(questions=[question]), right=1)
    assert attempt.score_percent == 100
    page = signed_in.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Naloxone works on an opioid overdose." in page


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=st.dictionaries(
        keys=st.one_of(
            st.sampled_from(["q", "answer-1", "answer-2", "essay-1", "finish", "answer-99"]),
            st.text(max_size=20),
        ),
        values=st.one_of(
            st.text(max_size=200),
            st.lists(st.text(max_size=40), max_size=5),
            st.integers().map(str),
        ),
        max_size=8,
    )
)
def test_no_submission_payload_causes_a_server_error(client, user, payload):
    client.force_login(user)
    attempt = QuizAttempt.objects.filter(user=user, status="in_progress").first()
    if attempt is None:
        quiz = make_quiz(title=f"Fuzz {QuizAttempt.objects.count()}")
        attempt = start(client, quiz)
    response = client.post(f"/quiz/attempts/{attempt.public_id}/answer/", payload)
    assert response.status_code in (302, 400)
