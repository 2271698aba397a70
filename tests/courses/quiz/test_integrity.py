"""Correct answers never reach the browser early; attempts are private, snapshots, and final."""

from __future__ import annotations

import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from courses.quiz import engine
from courses.quiz.models import AttemptQuestion, Choice, QuizAttempt

from .helpers import answer, finish, make_quiz, sample_questions, start, take, token_for

pytestmark = pytest.mark.django_db


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("layout", ["one_per_screen", "single_page"])
def test_the_question_page_does_not_reveal_which_choice_is_correct(client, user, layout):
    quiz = make_quiz(layout=layout)
    client.force_login(user)
    attempt = start(client, quiz)
    url = f"/quiz/attempts/{attempt.public_id}/"
    before = _without_csrf(client.get(url).content.decode())
    # Flip which choice is correct in the snapshot: if the page depended on it, it would change.
    for question in attempt.questions.all():
        for choice in question.choices:
            choice["correct"] = not choice["correct"]
        question.save(update_fields=["choices"])
    after = _without_csrf(client.get(url).content.decode())
    assert before == after
    # No secret marker of the correct choice is anywhere in the page.
    question = attempt.questions.get(position=1)
    right = Choice.objects.get(question=question.question, is_correct=True)
    assert "Because of reason" not in before  # the explanation waits for the answer
    assert "correct" not in before.lower().replace("incorrect", "")
    values = re.findall(r'name="answer-\d+" value="([^"]+)"', before)
    assert values, "the page shows answer inputs"
    assert set(values) <= {c["token"] for q in attempt.questions.all() for c in q.choices}
    assert str(right.pk) not in values
    assert "data-correct" not in before and "is_correct" not in before


def test_choice_identifiers_are_random_per_attempt_not_database_ids(client, user):
    quiz = make_quiz(max_attempts=None)
    client.force_login(user)
    first = take(client, quiz, right=3)
    second = start(client, quiz)
    first_tokens = {c["token"] for q in first.questions.all() for c in q.choices}
    second_tokens = {c["token"] for q in second.questions.all() for c in q.choices}
    assert first_tokens.isdisjoint(second_tokens)
    ids = {str(pk) for pk in Choice.objects.values_list("pk", flat=True)}
    assert first_tokens.isdisjoint(ids)
    assert all(len(token) >= 12 for token in second_tokens)


def test_feedback_after_each_question_shows_the_answer_and_explanation_once_answered(client, user):
    quiz = make_quiz(feedback="after_each")
    client.force_login(user)
    attempt = start(client, quiz)
    response = answer(client, attempt, 1, correct=False)
    assert response["Location"].endswith("?q=1")
    page = client.get(response["Location"]).content.decode()
    assert "Incorrect" in page
    assert "Right answer 1" in page and "Correct answer" in page
    assert "Because of reason 1." in page
    # The officer cannot change an answer once its feedback has been shown.
    answer(client, attempt, 1, correct=True)
    assert attempt.questions.get(position=1).is_correct is False


def test_feedback_at_the_end_shows_nothing_until_the_attempt_is_finished(client, user):
    quiz = make_quiz(feedback="at_end")
    client.force_login(user)
    attempt = start(client, quiz)
    response = answer(client, attempt, 1, correct=False)
    page = client.get(response["Location"]).content.decode()
    assert "Because of reason 1." not in page
    assert "Question 2 of 3" in page
    # Answers may still be changed before finishing.
    answer(client, attempt, 1, correct=True)
    answer(client, attempt, 2)
    answer(client, attempt, 3)
    finish(client, attempt)
    result = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Because of reason 1." in result
    assert "Right answer 3" in result
    attempt.refresh_from_db()
    assert attempt.score_percent == 100


def test_feedback_never_shows_only_the_score(client, user):
    quiz = make_quiz(feedback="never")
    client.force_login(user)
    attempt = take(client, quiz, right=1)
    result = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "33%" in result
    assert "Because of reason" not in result


def test_exam_paper_can_be_reviewed_later_only_when_the_author_keeps_it(client, user):
    kept = make_quiz(exam_paper=True, feedback="at_end")
    client.force_login(user)
    attempt = take(client, kept, right=3)
    client.logout()
    client.force_login(user)  # a new session: the paper is reopened from the history
    paper = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Because of reason 2." in paper

    not_kept = make_quiz(
        course=kept.get_parent().specific, exam_paper=False, feedback="at_end", title="Second"
    )
    not_kept_attempt = take(client, not_kept, right=3)
    right_after = client.get(f"/quiz/attempts/{not_kept_attempt.public_id}/result/")
    assert "Because of reason" in right_after.content.decode()
    client.logout()
    client.force_login(user)
    later = client.get(f"/quiz/attempts/{not_kept_attempt.public_id}/result/").content.decode()
    assert "100%" in later
    assert "Because of reason" not in later
    # The "just finished" marker is signed for one session: a hand-made one reveals nothing.
    client.cookies["quiz_just_finished"] = str(not_kept_attempt.public_id)
    forged = client.get(f"/quiz/attempts/{not_kept_attempt.public_id}/result/").content.decode()
    assert "Because of reason" not in forged


def test_another_users_attempt_is_a_404(client, user):
    from tests.factories import UserFactory

    quiz = make_quiz()
    client.force_login(user)
    attempt = start(client, quiz)
    client.force_login(UserFactory())
    base = f"/quiz/attempts/{attempt.public_id}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "result/").status_code == 404
    data = {"q": "1", "answer-1": token_for(attempt, 1, correct=True)}
    assert client.post(base + "answer/", data).status_code == 404
    assert client.post(base + "answer/", {**data, "finish": "1"}).status_code == 404
    assert attempt.questions.get(position=1).answered_at is None
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS


def test_editing_a_question_later_never_changes_a_past_attempt(client, user):
    questions = sample_questions(3)
    quiz = make_quiz(questions=questions)
    client.force_login(user)
    attempt = take(client, quiz, right=3)
    question = questions[0]
    question.text = "Rewritten question?"
    question.explanation = "New explanation."
    question.save()
    question.choices.filter(is_correct=True).update(is_correct=False, text="Now wrong")
    question.delete()
    attempt.refresh_from_db()
    snapshot = attempt.questions.get(position=1)
    assert snapshot.text == "Question number 1?"
    assert snapshot.correct_texts() == ["Right answer 1"]
    assert snapshot.selected_texts() == ["Right answer 1"]
    assert snapshot.explanation == "Because of reason 1."
    assert attempt.score_percent == 100
    result = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Question number 1?" in result and "Rewritten" not in result


def test_a_finished_attempt_cannot_be_changed_by_a_replayed_answer(client, user):
    quiz = make_quiz()
    client.force_login(user)
    attempt = take(client, quiz, right=1)
    before = list(AttemptQuestion.objects.filter(attempt=attempt).values())
    response = answer(client, attempt, 2, correct=True)
    assert response.status_code == 302
    assert response["Location"].endswith("/result/")
    finish(client, attempt)
    assert list(AttemptQuestion.objects.filter(attempt=attempt).values()) == before
    attempt.refresh_from_db()
    assert attempt.score_percent == Decimal("33.33")
    follow = client.get(response["Location"])
    assert "already finished" in follow.content.decode()


def test_a_resent_finishing_submission_is_answered_without_writing_anything(client, user):
    """A double tap at roll call: the second copy writes nothing, and on SQLite (no row locks,
    so a transaction takes the whole database's write lock) it does not even open one."""
    from django.test.utils import CaptureQueriesContext

    quiz = make_quiz()
    client.force_login(user)
    attempt = take(client, quiz, right=3)
    data = {"csrfmiddlewaretoken": "", "q": ["1"], "answer-1": "x", "finish": "1"}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/quiz/attempts/{attempt.public_id}/answer/", data)
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    statements = [q["sql"].lstrip().upper() for q in captured.captured_queries]
    assert [sql for sql in statements if sql.startswith(("UPDATE", "INSERT", "DELETE"))] == []
    if not connection.features.has_select_for_update:
        assert [sql for sql in statements if sql.startswith(("SAVEPOINT", "BEGIN"))] == []
    assert "already finished" in client.get(response["Location"]).content.decode()


def test_double_submission_of_the_same_answer_is_recorded_once(client, user):
    quiz = make_quiz(feedback="after_each")
    client.force_login(user)
    attempt = start(client, quiz)
    answer(client, attempt, 1)
    first = attempt.questions.get(position=1).answered_at
    answer(client, attempt, 1)
    assert attempt.questions.get(position=1).answered_at == first


def test_a_double_click_on_start_opens_one_attempt(client, user):
    quiz = make_quiz()
    client.force_login(user)
    start(client, quiz)
    start(client, quiz)
    assert QuizAttempt.objects.filter(user=user, quiz=quiz).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_attempt_finished_twice_at_once_is_graded_once(user, completions_sent):
    quiz = make_quiz()
    attempt = engine.start_attempt(user=user, quiz=quiz)
    for question in attempt.questions.all():
        engine.submit_answers(
            user=user,
            public_id=attempt.public_id,
            positions=[question.position],
            selections={question.position: question.correct_tokens},
            essays={},
        )
    barrier = threading.Barrier(2)
    outcomes: list = []

    def submit_finish():
        try:
            barrier.wait()
            for _ in range(200):
                try:
                    result = engine.submit_answers(
                        user=user,
                        public_id=attempt.public_id,
                        positions=[],
                        selections={},
                        essays={},
                        finish=True,
                    )
                    break
                except OperationalError as error:
                    # The in-memory test SQLite (shared cache) says "table is locked" at once
                    # where the file database waits (busy_timeout); wait like it would.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
            outcomes.append(result.finished_now)
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [False, True], outcomes
    assert len(completions_sent) == 1
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED
