"""Builders for quiz tests: a course tree with a quiz, bank questions, officers in agencies."""

from __future__ import annotations

import re

from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage
from courses.quiz.bank import create_question
from courses.quiz.models import Question, QuizAttempt, QuizPage, QuizQuestion
from lms.models import Agency, Membership
from tests.factories import UserFactory

Kind = Question.Kind


def make_course(*, title: str = "Naloxone basics") -> CoursePage:
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page if site else Page.get_first_root_node()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = root.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    course = index.add_child(
        instance=CoursePage(title=title, slug=re.sub(r"\W+", "-", title.lower()), summary="S")
    )
    course.save_revision().publish()
    return course


def make_quiz(
    *,
    course: CoursePage | None = None,
    questions: list[Question] | None = None,
    live: bool = True,
    **options,
) -> QuizPage:
    course = course or make_course()
    options.setdefault("random_order", False)
    options.setdefault("shuffle_choices", False)
    title = options.pop("title", "Final quiz")
    slug = re.sub(r"\W+", "-", title.lower())
    quiz = course.add_child(instance=QuizPage(title=title, slug=slug, live=live, **options))
    if live:
        quiz.save_revision().publish()
    for i, question in enumerate(questions if questions is not None else sample_questions()):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=i)
    return quiz


def sample_questions(count: int = 3, *, category: str = "Recognition") -> list[Question]:
    return [
        create_question(
            text=f"Question number {n}?",
            kind=Kind.SINGLE,
            choices=[
                (f"Right answer {n}", True),
                (f"Wrong answer {n}", False),
                (f"Other {n}", False),
            ],
            explanation=f"Because of reason {n}.",
            category=category,
        )
        for n in range(1, count + 1)
    ]


def officer_in(agency: Agency | None = None, *, role: str = Membership.Role.OFFICER, **kwargs):
    user = UserFactory(**kwargs)
    if agency is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_agency(name: str = "Capital City Police Department") -> Agency:
    return Agency.objects.create(name=name, county="Albany")


def start(client, quiz: QuizPage) -> QuizAttempt:
    response = client.post(f"/quiz/{quiz.pk}/start/")
    assert response.status_code == 302, response
    return QuizAttempt.objects.filter(quiz=quiz).order_by("-pk").first()


def token_for(attempt: QuizAttempt, position: int, *, correct: bool) -> str:
    question = attempt.questions.get(position=position)
    return next(c["token"] for c in question.choices if bool(c["correct"]) == correct)


def answer(client, attempt: QuizAttempt, position: int, *, correct: bool = True, **extra):
    data = {"q": str(position), f"answer-{position}": token_for(attempt, position, correct=correct)}
    data.update(extra)
    return client.post(f"/quiz/attempts/{attempt.public_id}/answer/", data)


def finish(client, attempt: QuizAttempt):
    return client.post(f"/quiz/attempts/{attempt.public_id}/answer/", {"finish": "1"})


def take(client, quiz: QuizPage, *, right: int) -> QuizAttempt:
    """Start and finish an attempt answering the first `right` questions correctly."""
    attempt = start(client, quiz)
    for position in range(1, attempt.max_points + 1):
        answer(client, attempt, position, correct=position <= right)
    finish(client, attempt)
    attempt.refresh_from_db()
    return attempt
