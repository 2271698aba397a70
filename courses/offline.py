"""What "Save for offline" keeps of a course, and the stamp that says when to save it again.

The page asks for this list (courses.views.course_offline_list) and hands it to the service
worker, which fetches and keeps each page with the images and styles it uses. The stamp changes
when the course, a lesson or its card is published again (or the lessons change), so the worker
replaces the saved copy on the officer's next online visit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from courses.models import CoursePage, LessonPage


@dataclass(frozen=True)
class OfflineBundle:
    course_id: int
    title: str
    stamp: str
    urls: list[str]

    def as_json(self) -> dict:
        return {"id": self.course_id, "title": self.title, "stamp": self.stamp, "urls": self.urls}


def offline_bundle_of(*, request: HttpRequest, course: CoursePage) -> OfflineBundle:
    """The course page, its live lessons in order, and its current quick reference card with
    the card's two PDFs. The quiz is left out on purpose: it is never taken offline."""
    lessons = list(
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "live_revision_id", "locale_id")
    )
    urls = [course.get_url(request), *(lesson.get_url(request) for lesson in lessons)]
    versions = [f"c{course.pk}:{course.live_revision_id}"]
    versions += [f"l{lesson.pk}:{lesson.live_revision_id}" for lesson in lessons]
    card = course.quick_reference_cards.order_by("-version").first()
    if card is not None:
        slug_version = {"slug": card.slug, "version": card.version}
        urls += [
            reverse("certificates:card", kwargs={"slug": card.slug}),
            reverse("certificates:card_wallet", kwargs=slug_version),
            reverse("certificates:card_sheet", kwargs=slug_version),
        ]
        versions.append(f"q{card.pk}:{card.version}:{card.updated_at.isoformat()}")
    stamp = hashlib.sha256("|".join(versions).encode()).hexdigest()[:16]
    return OfflineBundle(course_id=course.pk, title=course.title, stamp=stamp, urls=urls)
