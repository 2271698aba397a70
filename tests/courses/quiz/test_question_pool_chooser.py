"""The question chooser of a quiz's pool: a whole category in one tick, each question once."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.quiz.bank import create_question
from courses.quiz.models import QuestionCategory, QuizPage

from .helpers import make_quiz, officer_in, sample_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def ors(client):
    client.force_login(officer_in(None, is_superuser=True, is_staff=True))
    return client


def _law_questions(count: int = 3):
    return [
        create_question(
            text=f"Law question {n}",
            kind="true_false",
            choices=[("True", True), ("False", False)],
            category="Law",
        )
        for n in range(count)
    ]


def test_the_chooser_ticks_a_whole_category_at_once_beyond_the_page_shown(ors):
    law = _law_questions(55)  # more than the chooser's 50 a page
    retired = law.pop()
    retired.is_active = False
    retired.save()
    other = sample_questions(1, category="Devices")[0]
    category = QuestionCategory.objects.get(name="Law")
    choose = "/admin/snippets/choose/quiz/question/"
    results = ors.get(choose + "results/", {"multiple": "1", "category": category.pk})
    html = results.content.decode()
    assert f'name="category" value="{category.pk}" data-multiple-choice-select' in html
    assert "All 54 active questions of “Law”" in html
    # Not offered unless a category is chosen, nor in the single-question chooser.
    assert (
        'name="category" value='
        not in ors.get(choose + "results/", {"multiple": "1"}).content.decode()
    )
    single = ors.get(choose + "results/", {"category": category.pk}).content.decode()
    assert 'name="category" value=' not in single

    chosen = ors.get(
        choose + "chosen-multiple/", {"category": category.pk, "id": [other.pk]}
    ).json()["result"]
    ids = {int(item["id"]) for item in chosen}
    assert ids == {q.pk for q in law} | {other.pk}
    assert retired.pk not in ids


def _quiz_edit_form(quiz, question_ids):
    return nested_form_data(
        {
            "title": quiz.title,
            "slug": quiz.slug,
            "intro": rich_text(""),
            "pass_mark": "80",
            "feedback": "after_each",
            "layout": "one_per_screen",
            "exam_paper": "on",
            "pass_message": rich_text(""),
            "fail_message": rich_text(""),
            "quiz_questions": inline_formset(
                [{"question": pk} for pk in question_ids],
                initial=len(quiz.quiz_questions.all()),
            ),
            "comments": inline_formset([]),
        }
    )


def test_a_question_added_twice_to_the_pool_is_kept_once(ors):
    """Ticking a whole category also brings the questions of it already in the pool."""
    law = _law_questions(3)
    quiz = make_quiz(questions=law[:1])
    existing = list(quiz.quiz_questions.all())
    data = _quiz_edit_form(quiz, [law[0].pk, law[0].pk, law[1].pk, law[2].pk, law[1].pk])
    for n, link in enumerate(existing):
        data[f"quiz_questions-{n}-id"] = str(link.pk)
    response = ors.post(f"/admin/pages/{quiz.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [link.question_id for link in draft.quiz_questions.all()] == [q.pk for q in law]
