"""What was learned: the versions of a course's pages at the moment of a completion.

The course page's own revision does not change when a lesson or the quiz is edited, so a
completion stores the live revision of the course, each live lesson and the quiz, with the date
each was published. "Trained on the version published <date>" is the newest of those dates:
the content as it stood from that day.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

# Child pages that carry course content (the quiz app's model is "quizpage").
_CONTENT_MODELS = {"lessonpage": "lessons", "quizpage": "quiz"}


def _entry(row: dict) -> dict:
    published = row["last_published_at"]
    return {
        "page_id": row["pk"],
        "title": row["title"],
        "revision_id": row["live_revision_id"],
        "published_at": published.isoformat() if published else None,
    }


def content_versions_of(course) -> tuple[dict, datetime | None]:
    """(versions, newest publication date) of the course's live pages now. One query.

    versions = {"course": {...}, "lessons": [{...}, ...], "quiz": {...} or None}, each entry
    with page_id, title, revision_id and published_at (ISO 8601).
    """
    rows = (
        Page.objects.filter(
            Q(pk=course.pk) | Q(path__startswith=course.path, depth=course.depth + 1, live=True)
        )
        .values(
            "pk", "title", "path", "live_revision_id", "last_published_at", "content_type__model"
        )
        .order_by("path")
    )
    versions: dict = {"course": None, "lessons": [], "quiz": None}
    newest: datetime | None = None
    for row in rows:
        if row["pk"] == course.pk:
            versions["course"] = _entry(row)
        elif _CONTENT_MODELS.get(row["content_type__model"]) == "lessons":
            versions["lessons"].append(_entry(row))
        elif _CONTENT_MODELS.get(row["content_type__model"]) == "quiz" and not versions["quiz"]:
            versions["quiz"] = _entry(row)
        else:
            continue
        published = row["last_published_at"]
        if published and (newest is None or published > newest):
            newest = published
    return versions, newest


def trained_on_label(completion) -> str:
    """ "the version published 6 December 2026", or "" when the record does not say."""
    if completion.content_published_at is None:
        return ""
    published = timezone.localdate(completion.content_published_at)
    return f"the version published {published:%-d %B %Y}"
