"""After a failed attempt: the topics (question categories) the officer missed, each with the
lesson that teaches it (QuestionCategory.lesson, set by ORS in the question bank)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from courses.models import LessonPage
from courses.quiz.models import QuestionCategory, QuizAttempt


@dataclass(frozen=True)
class MissedTopic:
    name: str
    missed: int
    lesson_title: str = ""
    lesson_url: str = ""


def missed_topics_for(*, attempt: QuizAttempt) -> list[MissedTopic]:
    """Topics with wrong answers, most missed first (three queries)."""
    missed = Counter(
        attempt.questions.filter(is_correct=False).values_list("category_id", "category_name")
    )
    if not missed:
        return []
    lesson_of = dict(
        QuestionCategory.objects.filter(
            pk__in=[category_id for category_id, _ in missed if category_id]
        ).values_list("pk", "lesson_id")
    )
    lessons = {
        lesson.pk: lesson
        for lesson in LessonPage.objects.live()
        .filter(pk__in=[pk for pk in lesson_of.values() if pk])
        .only("id", "title", "path", "depth", "url_path")
    }
    topics = []
    for (category_id, name), count in missed.most_common():
        lesson = lessons.get(lesson_of.get(category_id))
        topics.append(
            MissedTopic(
                name=name or "Other questions",
                missed=count,
                lesson_title=lesson.title if lesson else "",
                lesson_url=lesson.url if lesson else "",
            )
        )
    return topics
