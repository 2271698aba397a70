"""A course is reviewed and published as one unit, through Wagtail's own workflow.

ORS reviews courses, not pages: submitting a course for review takes the drafts of its lessons
and quiz with it (one `CourseReviewItem` per page, pinned to the revision that was submitted);
the reviewer previews the whole course and what changed; approving publishes the course and
every pinned revision in the same transaction (Wagtail's `Task.on_action` is atomic and
`workflow_approved` is sent inside it); requesting changes publishes nothing, so the pages go
back to the author together. Lessons and quizzes have no workflow of their own
(`LessonPage.get_workflow`), so there is one review cycle per course instead of one per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page, Revision, WorkflowState

from courses.models.pages import CoursePage
from courses.models.review import CourseReviewItem
from lms.notifications import events as notification_events


@dataclass(frozen=True)
class ReviewedPage:
    page: Page
    revision: Revision | None  # None: unchanged, the live version is what officers will see
    is_new: bool  # never published before


def course_review_bundle(course: Page) -> list[ReviewedPage]:
    """Every page of the course as the reviewer should judge it, in course order.

    While a review is in progress the pinned revisions are shown; otherwise the current drafts.
    """
    state = course.current_workflow_state
    pinned: dict[int, Revision] = {}
    if state is not None and state.current_task_state_id:
        pinned = {
            item.page_id: item.revision
            for item in CourseReviewItem.objects.filter(
                task_state_id=state.current_task_state_id
            ).select_related("revision")
        }
    bundle = []
    for page in course.get_children().specific().select_related("latest_revision"):
        revision = pinned.get(page.pk)
        if revision is None and state is None and page.has_unpublished_changes:
            revision = page.latest_revision
        bundle.append(
            ReviewedPage(page=page, revision=revision, is_new=not page.first_published_at)
        )
    return bundle


def publish_reviewed_pages(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """On final approval, publish the lesson and quiz revisions that were reviewed."""
    latest: dict[int, CourseReviewItem] = {}
    items = CourseReviewItem.objects.filter(task_state__workflow_state=instance)
    for item in items.select_related("revision").order_by("task_state_id"):
        latest[item.page_id] = item  # a later task of the same workflow wins
    for item in sorted(latest.values(), key=lambda entry: entry.page_id):
        item.revision.publish(user=user)


def notify_reviewers(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """A course submitted for review: its reviewers get an entry and an e-mail (not for lessons
    or toolkit pages, which Wagtail's own moderation e-mails cover)."""
    page = instance.content_object
    if isinstance(page, Page) and issubclass(page.specific_class, CoursePage):
        notification_events.course_submitted_for_review(workflow_state=instance)
