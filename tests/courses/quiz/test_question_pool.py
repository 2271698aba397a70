"""A quiz's question pool is read once per process until authored content changes: a squad
starting the same quiz at roll call does not read the bank again and again, and an author's edit
is in the very next attempt."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.quiz import engine
from courses.quiz.models import QuizQuestion
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _start(quiz):
    with CaptureQueriesContext(connection) as captured:
        attempt = engine.start_attempt(user=UserFactory(), quiz=quiz)
    bank_reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT")
        and ('"quiz_question"' in q["sql"] or "quiz_choice" in q["sql"])
    ]
    return attempt, bank_reads


def _texts(attempt) -> list[str]:
    return [q.text for q in attempt.questions.order_by("position")]


def test_the_bank_is_read_once_for_many_starts():
    quiz = make_quiz(questions=sample_questions(3))
    first, reads = _start(quiz)
    assert len(reads) == 2  # the questions, then their choices
    second, reads = _start(quiz)
    assert reads == []
    assert _texts(second) == _texts(first) and second.max_points == 3
    # Each attempt still gets its own choice tokens.
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

    attempt, reads = _start(quiz)
    assert reads  # read again: the content changed
    assert _texts(attempt)[0] == "Which sign shows an opioid overdose?"
    second = attempt.questions.get(position=2)
    assert "Give naloxone and call 911" in [c["text"] for c in second.choices]


def test_a_question_taken_out_of_the_pool_is_not_drawn_again():
    questions = sample_questions(3)
    quiz = make_quiz(questions=questions)
    _start(quiz)
    questions[0].is_active = False
    questions[0].save()
    attempt, _ = _start(quiz)
    assert attempt.max_points == 2 and questions[0].text not in _texts(attempt)

    QuizQuestion.objects.get(quiz=quiz, question=questions[1]).delete()
    attempt, _ = _start(quiz)
    assert _texts(attempt) == [questions[2].text]
