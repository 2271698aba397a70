"""Editors try a quiz as an officer would, from the admin or inside its preview: drawn and
graded by that version's rules, and nothing recorded (no attempt, no training record, no
item-analysis answer)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.quiz.models import AttemptQuestion, QuizAttempt, QuizQuestion
from courses.quiz.selectors import item_analysis
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
    draft.pass_mark = 60
    draft.save_revision()
    return quiz


def form_fields(html: str) -> dict:
    """The officer's form: each question's text and its choices' tokens by text."""
    questions = {}
    for position, text, body in re.findall(
        r'<fieldset class="quiz-question" id="question-(\d+)">.*?'
        r'<span class="quiz-question__text">([^<]+)</span>(.*?)</fieldset>',
        html,
        re.S,
    ):
        choices = {
            label: token
            for token, label in re.findall(r'value="([\w-]+)" required> <span>([^<]+)</span>', body)
        }
        questions[text] = (int(position), choices)
    return questions


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_an_author_tries_the_draft_quiz_and_nothing_is_recorded(client, author):
    quiz = draft_quiz_with_new_question()
    page = client.get(reverse("quiz_try", args=(quiz.pk,))).content.decode()
    assert "nothing is recorded" in page
    fields = form_fields(page)
    assert set(fields) == {"Question number 1?", "Question number 2?", "Only in the draft?"}
    # Right on two, wrong on the draft's new question: 2 of 3 is 66.67%, over the draft's 60%.
    answers = {"trial": hidden(page, "trial"), "setup": hidden(page, "setup")}
    for text, (position, choices) in fields.items():
        right = "Other 1" if text == "Only in the draft?" else f"Right answer {text[-2]}"
        answers[f"answer-{position}"] = choices[right]
    response = client.post(reverse("quiz_try", args=(quiz.pk,)), answers)
    result = response.content.decode()
    assert response.status_code == 200
    assert "Passed: 2 of 3 (66.67%, pass mark 60%)" in result
    assert "Your answer" in result and "Correct answer" in result and "Because of reason" in result
    assert not QuizAttempt.objects.exists()
    assert not AttemptQuestion.objects.exists()
    assert not Completion.objects.exists()
    assert item_analysis() == []
    # "Try again" draws again from the same version.
    again = re.search(r'href="([^"]*setup=[^"]*)"', result).group(1).replace("&amp;", "&")
    assert "Only in the draft?" in client.get(again).content.decode()


def test_a_changed_trial_is_refused(client, author):
    quiz = draft_quiz_with_new_question()
    response = client.post(reverse("quiz_try", args=(quiz.pk,)), {"trial": "forged", "q1": "x"})
    assert response.status_code == 400
    assert "expired or was changed" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_trial_of_another_quiz_is_refused(client, author):
    quiz = draft_quiz_with_new_question()
    other = make_quiz(
        course=quiz.get_parent().specific,
        title="Other quiz",
        questions=sample_questions(1, category="Other"),
    )
    page = client.get(reverse("quiz_try", args=(other.pk,))).content.decode()
    response = client.post(
        reverse("quiz_try", args=(quiz.pk,)),
        {"trial": hidden(page, "trial"), "setup": hidden(page, "setup")},
    )
    assert response.status_code == 400


def test_people_who_cannot_edit_the_quiz_cannot_try_it_from_the_admin(client):
    quiz = draft_quiz_with_new_question()
    client.force_login(UserFactory())
    response = client.get(reverse("quiz_try", args=(quiz.pk,)))
    assert response.status_code in (302, 403)
    assert b"Only in the draft?" not in response.content


def test_the_quiz_editor_offers_the_try_button(client, author):
    quiz = draft_quiz_with_new_question()
    page = client.get(reverse("wagtailadmin_pages:edit", args=(quiz.pk,))).content.decode()
    assert reverse("quiz_try", args=(quiz.pk,)) in page


def test_the_preview_takes_the_version_being_edited_and_grades_it(client, author):
    """The editor's preview of a quiz is the quiz as an officer takes it, graded in place."""
    quiz = draft_quiz_with_new_question()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(quiz.pk,)))
    html = preview.content.decode()
    assert "Pass mark: 60%" in html and "3 questions" in html
    assert reverse("courses:quiz:start", args=(quiz.pk,)) not in html  # no real attempt
    fields = form_fields(html)
    assert "Only in the draft?" in fields
    response = client.post(
        reverse("quiz_try", args=(quiz.pk,)),
        {"trial": hidden(html, "trial"), "setup": hidden(html, "setup")},
    )
    assert "Not passed: 0 of 3" in response.content.decode()
    assert not QuizAttempt.objects.exists()
