"""The quiz page's warning that lessons are still open.

A template tag rather than QuizPage.get_context: the answer needs course progress
(courses.readiness -> courses.progress), which sits above the quiz pages (courses.outline reads
them), so the page model cannot import it without a cycle.
"""

from __future__ import annotations

from django import template

from courses.readiness import LessonsLeft, lessons_left_before_quiz

register = template.Library()


@register.simple_tag(takes_context=True)
def lessons_left_for(context, quiz) -> LessonsLeft | None:
    """The lessons the signed-in learner has still to do in the quiz's course (None: none)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return lessons_left_before_quiz(user=user, quiz=quiz)
