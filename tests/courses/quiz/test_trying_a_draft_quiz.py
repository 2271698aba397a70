"""Editors try a quiz as an officer would, from the admin: graded, and nothing recorded."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from courses.quiz.models import QuizAttempt, QuizQuestion
from lms.models import Completion
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="ORS Authors"))
    client.force_login(user)
    return user


def draft_quiz_with_new_question():
    """A published quiz whose draft adds a question officers do not see yet."""
    quiz = make_quiz(questions=sample_questions(2), pass_mark=70)
    quiz.save_revision().publish()
    extra = sample_questions(1, category="Law")[0]
    extra.text = "Only in the draft?"
    extra.save()
    draft = quiz.get_latest_revision_as_object()
    draft.quiz_questions.add(QuizQuestion(question=extra, sort_order=5))
    draft.save_revision()
    return quiz


def tokens_by_text(html: str) -> dict[str, str]:
    return {text.strip(): token for token, text in re.findall(r'value="([\w-]+)"> ([^<]+)<', html)}


def test_an_author_tries_the_draft_quiz_and_nothing_is_recorded(client, author):
    quiz = draft_quiz_with_new_question()
    page = client.get(f"/admin/quiz/{quiz.pk}/try/").content.decode()
    assert "Only in the draft?" in page
    assert "Nothing is recorded" in page
    tokens = tokens_by_text(page)
    trial = re.search(r'name="trial" value="([^"]+)"', page).group(1)
    numbers = [int(n) for n in re.findall(r'name="q(\d+)"', page)]
    answers = {}
    # Answer every question right except one: 2 of 3 is 66.67%, under the 70% pass mark.
    legends = re.findall(r"Question (\d+) of 3: ([^<]+)</legend>", page)
    for number, text in legends:
        n = text.split()[-1].rstrip("?") if text.startswith("Question number") else "1"
        answers[f"q{number}"] = tokens[f"Right answer {n}"]
    answers[f"q{legends[0][0]}"] = tokens[f"Other {legends[0][1].split()[-1].rstrip('?')}"]
    response = client.post(f"/admin/quiz/{quiz.pk}/try/", {"trial": trial, **answers})
    result = response.content.decode()
    assert set(numbers) == {1, 2, 3}
    assert "Not passed: 2 of 3 (66.67%, pass mark 70%)" in result
    assert "← chosen" in result
    assert not QuizAttempt.objects.exists()
    assert not Completion.objects.exists()


def test_a_changed_trial_is_refused(client, author):
    quiz = draft_quiz_with_new_question()
    response = client.post(f"/admin/quiz/{quiz.pk}/try/", {"trial": "forged", "q1": "x"})
    assert response.status_code == 400
    assert "expired or was changed" in response.content.decode()


def test_people_who_cannot_edit_the_quiz_cannot_try_it_from_the_admin(client):
    quiz = draft_quiz_with_new_question()
    client.force_login(UserFactory())
    response = client.get(f"/admin/quiz/{quiz.pk}/try/")
    assert response.status_code in (302, 403)
    assert b"Only in the draft?" not in response.content


def test_the_quiz_editor_offers_the_try_button(client, author):
    quiz = draft_quiz_with_new_question()
    page = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    assert f"/admin/quiz/{quiz.pk}/try/" in page
