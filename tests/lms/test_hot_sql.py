"""lms.records.hot_sql: its SQL is written from the models, so it must read and write exactly what the
ORM does, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.quiz import engine
from courses.quiz.models import AttemptQuestion, QuizAttempt
from lms.records import hot_sql
from tests.courses.quiz.helpers import make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(user):
    return engine.start_attempt(user=user, quiz=make_quiz())


@pytest.fixture
def graded_attempt(attempt, user):
    """The attempt answered correctly and finished (scores, times and answers set)."""
    answers = {q.position: list(q.correct_tokens) for q in attempt.questions.all()}
    engine.submit_answers(
        user=user, public_id=attempt.public_id, positions=list(answers), selections=answers,
        essays={}, finish=True,
    )  # fmt: skip
    return attempt


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_select_reads_every_field_as_the_orm_does(attempt, user):
    (found,) = hot_sql.select(
        QuizAttempt, where={"public_id": attempt.public_id, "user_id": user.pk}
    )
    assert isinstance(found, QuizAttempt) and not found._state.adding
    assert _fields(found) == _fields(QuizAttempt.objects.get(pk=attempt.pk))

    questions = hot_sql.select(
        AttemptQuestion, where={"attempt_id": attempt.pk}, order_by=["position"]
    )
    expected = list(attempt.questions.order_by("position"))
    assert [_fields(q) for q in questions] == [_fields(q) for q in expected]
    assert questions[0].choices and isinstance(questions[0].choices, list)  # JSON decoded


def test_select_reads_a_graded_attempt_as_the_orm_does(graded_attempt):
    # Decimals, booleans and times set: on SQLite each needs the backend's converter.
    attempt = graded_attempt
    graded = QuizAttempt.objects.get(pk=attempt.pk)
    assert graded.passed and graded.score_percent == 100 and graded.finished_at is not None
    (found,) = hot_sql.select(QuizAttempt, where={"pk": attempt.pk})
    assert _fields(found) == _fields(graded)
    assert found._state.db == graded._state.db


def test_select_values_reads_the_named_fields_as_values_list_does(graded_attempt):
    attempt = graded_attempt
    fields = ["position", "answered_at", "is_correct", "selected_tokens"]
    found = hot_sql.select_values(AttemptQuestion, fields, where={"attempt_id": attempt.pk})
    expected = list(attempt.questions.values_list(*fields))
    assert sorted(found) == sorted(expected) and len(found) == attempt.max_points
    with pytest.raises(ValueError, match="fields"):
        hot_sql.select_values(AttemptQuestion, [], where={"attempt_id": attempt.pk})


def test_select_finds_nothing_for_another_person_or_an_unknown_id(attempt, user):
    from tests.factories import UserFactory

    other = UserFactory()
    assert (
        hot_sql.select(QuizAttempt, where={"public_id": attempt.public_id, "user_id": other.pk})
        == []
    )
    assert hot_sql.select(QuizAttempt, where={"public_id": uuid.uuid4(), "user_id": user.pk}) == []


def test_a_locking_select_takes_row_locks_where_the_database_has_them(attempt, user):
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        hot_sql.select(
            QuizAttempt, where={"public_id": attempt.public_id, "user_id": user.pk}, lock=True
        )
    (sql,) = [q["sql"] for q in captured.captured_queries if "quiz_quizattempt" in q["sql"]]
    assert sql.endswith("FOR UPDATE") == connection.features.has_select_for_update


def test_update_each_writes_only_the_named_fields(attempt):
    first, second = list(attempt.questions.order_by("position"))[:2]
    untouched = model_to_dict(first, exclude=["selected_tokens", "answered_at", "is_correct"])
    now = timezone.now()
    first.selected_tokens, first.answered_at, first.is_correct = ["a", "b"], now, True
    second.selected_tokens, second.answered_at, second.is_correct = [], None, None
    first.text = "not saved: not a named field"
    hot_sql.update_each([first, second], ["selected_tokens", "answered_at", "is_correct"])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.selected_tokens, first.answered_at, first.is_correct) == (["a", "b"], now, True)
    assert (second.selected_tokens, second.answered_at, second.is_correct) == ([], None, None)
    assert (
        model_to_dict(first, exclude=["selected_tokens", "answered_at", "is_correct"]) == untouched
    )


def test_update_each_with_nothing_to_write_runs_no_statement():
    with CaptureQueriesContext(connection) as captured:
        hot_sql.update_each([], ["is_correct"])
    assert captured.captured_queries == []


def test_update_where_changes_only_matching_rows_and_counts_them(attempt, user):
    from tests.factories import UserFactory

    others = engine.start_attempt(user=UserFactory(), quiz=attempt.quiz)
    values = {
        "status": QuizAttempt.Status.COMPLETED,
        "finished_at": timezone.now(),
        "passed": True,
        "score_percent": "87.50",
    }
    where = {"pk": attempt.pk, "status": QuizAttempt.Status.IN_PROGRESS}
    assert hot_sql.update_where(QuizAttempt, where=where, values=values) == 1
    # Once moved on, the same conditional update matches nothing: a replay changes nothing.
    assert hot_sql.update_where(QuizAttempt, where=where, values=values) == 0
    attempt.refresh_from_db()
    others.refresh_from_db()
    assert (attempt.status, attempt.passed, str(attempt.score_percent)) == (
        "completed",
        True,
        "87.50",
    )
    assert others.status == QuizAttempt.Status.IN_PROGRESS and others.passed is False


def test_a_statement_without_conditions_is_refused():
    with pytest.raises(ValueError, match="WHERE"):
        hot_sql.update_where(QuizAttempt, where={}, values={"passed": True})
    with pytest.raises(ValueError, match="WHERE"):
        hot_sql.select(QuizAttempt, where={})


def test_matching_none_is_refused_rather_than_matching_nothing(user):
    with pytest.raises(ValueError, match="not None"):
        hot_sql.select(QuizAttempt, where={"user_id": user.pk, "course_id": None})
    with pytest.raises(ValueError, match="not None"):
        hot_sql.update_where(QuizAttempt, where={"course_id": None}, values={"passed": True})
