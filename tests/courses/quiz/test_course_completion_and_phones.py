"""The quiz inside a course (completion), and the officer's phone experience."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.progress import mark_lesson_complete
from courses.quiz.bank import create_question
from lms.models import Completion
from tests.factories import build_course

from .helpers import answer, make_quiz, sample_questions, start, take

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "quiz.css"


def test_passing_with_lessons_unfinished_does_not_complete_until_the_last_lesson(
    client, user, completions_sent
):
    course = build_course(lessons=2)
    quiz = make_quiz(course=course)
    from courses.models import LessonPage

    lessons = list(LessonPage.objects.child_of(course))
    client.force_login(user)
    mark_lesson_complete(user=user, lesson=lessons[0])
    attempt = take(client, quiz, right=3)
    assert attempt.passed and completions_sent == []
    mark_lesson_complete(user=user, lesson=lessons[1])
    assert len(completions_sent) == 1
    assert completions_sent[0]["attempt"].pk == attempt.pk


def test_passing_after_the_lessons_records_one_completion_with_the_score_and_a_retake_a_refresher(
    client, user
):
    from courses.models import LessonPage

    course = build_course(lessons=1)
    quiz = make_quiz(course=course, pass_mark=60)
    for lesson in LessonPage.objects.child_of(course):
        mark_lesson_complete(user=user, lesson=lesson)
    client.force_login(user)
    take(client, quiz, right=1)  # fails: no completion
    assert not Completion.objects.exists()
    attempt = take(client, quiz, right=2)
    completion = Completion.objects.get()
    assert completion.quiz_attempt_id == attempt.pk
    assert completion.score == attempt.score_percent
    # Passing again while current is a refresher: recorded, but it starts no new cycle.
    again = take(client, quiz, right=3)
    refresher = Completion.objects.get(quiz_attempt_id=again.pk)
    assert refresher.kind == Completion.Kind.REFRESHER
    assert refresher.expires_at == completion.expires_at
    assert Completion.objects.count() == 2


def test_question_pages_say_which_question_of_how_many(client, user):
    quiz = make_quiz(questions=sample_questions(10))
    client.force_login(user)
    attempt = start(client, quiz)
    answer(client, attempt, 1)
    answer(client, attempt, 2)
    page = client.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    assert "Question 3 of 10" in page
    assert "2 of 10 answered" in page


def test_quiz_pages_work_without_javascript(client, user):
    quiz = make_quiz(questions=sample_questions(2))
    client.force_login(user)
    attempt = start(client, quiz)
    base = f"/quiz/attempts/{attempt.public_id}/"
    pages = [client.get(quiz.url), client.get(base)]
    answer(client, attempt, 1)
    answer(client, attempt, 2)
    pages.append(client.get(base))  # the summary with the finish button
    client.post(base + "answer/", {"finish": "1"})
    pages.append(client.get(base + "result/"))
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        main = html[html.index("<main") : html.index("</main>")]
        assert "<script" not in main
        for form in re.findall(r"<form[^>]*>", main):
            assert 'method="post"' in form or 'method="get"' in form
    assert 'name="finish"' in pages[2].content.decode()


def test_answer_choices_are_at_least_44_pixels_tall_and_labelled(client, user):
    css = CSS.read_text()
    rule = re.search(r"\.quiz-choice \{([^}]*)\}", css).group(1)
    assert "min-height: 44px" in rule
    quiz = make_quiz()
    client.force_login(user)
    attempt = start(client, quiz)
    html = client.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    assert html.count('<label class="quiz-choice">') == 3  # each input wrapped in its label
    assert "css/quiz.css" in html


def test_a_question_can_show_an_image_with_its_description(client, user):
    image = Image.objects.create(title="Nasal device", file=get_test_image_file())
    question = create_question(
        text="What is this device?",
        kind="single",
        choices=[("Nasal naloxone", True), ("Inhaler", False)],
        image=image,
        image_alt="A nasal spray device held between two fingers",
    )
    quiz = make_quiz(questions=[question])
    client.force_login(user)
    attempt = start(client, quiz)
    html = client.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    assert 'alt="A nasal spray device held between two fingers"' in html


def test_an_image_without_a_description_is_refused():
    from django.core.exceptions import ValidationError

    image = Image.objects.create(title="Device", file=get_test_image_file())
    with pytest.raises(ValidationError, match="alt text"):
        create_question(
            text="What is this?", kind="single", choices=[("A", True), ("B", False)], image=image
        )


def test_the_question_page_needs_few_queries(client, user, django_assert_max_num_queries):
    quiz = make_quiz(questions=sample_questions(10))
    client.force_login(user)
    attempt = start(client, quiz)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(f"/quiz/attempts/{attempt.public_id}/")
    assert response.status_code == 200 and attempt.quiz_title in response.text
    # The attempt keeps its own copy of the quiz's title and rules: the page is not read.
    assert not [q for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]
