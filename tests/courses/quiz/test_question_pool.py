"""A quiz's question pool is read when an attempt starts: an author's edit is in the very next
attempt, and a squad starting the same quiz at roll call each gets their own choice tokens."""

from __future__ import annotations

import pytest

from courses.quiz import engine
from courses.quiz.models import QuizQuestion
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _start(quiz):
    return engine.start_attempt(user=UserFactory(), quiz=quiz)


def _texts(attempt) -> list[str]:
    return [q.text for q in attempt.questions.order_by("position")]


def test_two_officers_starting_the_same_quiz_get_the_same_questions_and_their_own_tokens():
    quiz = make_quiz(questions=sample_questions(3))
    first = _start(quiz)
    second = _start(quiz)
    assert _texts(second) == _texts(first) and second.max_points == 3
    tokens = {c["token"] for q in first.questions.all() for c in q.choices}
    assert tokens.isdisjoint(c["token"] for q in second.questions.all() for c in q.choices)


def test_an_edited_question_or_choice_is_in_the_next_attempt():
    questions = sample_questions(2)
    quiz = make_quiz(questions=questions)
    _start(quiz)
    questions[0].text = "Which sign shows an opioid overdose?"
    questions[0].save()
    choice = questions[1].choices.get(is_correct=True)
    choice.text = "Give naloxone and call 911"
    choice.save()

    attempt = _start(quiz)
    assert _texts(attempt)[0] == "Which sign shows an opioid overdose?"
    second = attempt.questions.get(position=2)
    assert "Give naloxone and call 911" in [c["text"] for c in second.choices]


def test_a_question_taken_out_of_the_pool_is_not_drawn_again():
    questions = sample_questions(3)
    quiz = make_quiz(questions=questions)
    _start(quiz)
    questions[0].is_active = False
    questions[0].save()
    attempt = _start(quiz)
    assert attempt.max_points == 2 and questions[0].text not in _texts(attempt)

    QuizQuestion.objects.get(quiz=quiz, question=questions[1]).delete()
    attempt = _start(quiz)
    assert _texts(attempt) == [questions[2].text]
