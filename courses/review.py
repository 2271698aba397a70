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

from django.urls import reverse
from wagtail.models import Page, Revision, WorkflowState

from courses.models.pages import CoursePage
from courses.models.review import CourseReviewItem
from lms.notifications import events as notification_events


@dataclass(frozen=True)
class ReviewedPage:
    page: Page
    revision: Revision | None  # the version to judge; None: unchanged, the live version stands
    is_new: bool  # never published before
    shown: Page  # the page as officers will see it once the course is approved
    preview_url: str  # the admin's preview of `shown`
    will_be_live: bool  # False: not part of the review in progress (added after submission)
    later_edit: bool = False  # edited after submission: that edit waits for the next review


def review_in_progress(course: Page) -> WorkflowState | None:
    state = course.current_workflow_state if course.pk else None
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None
    return state


def _pinned_revisions(state: WorkflowState | None) -> dict[int, Revision]:
    if state is None or not state.current_task_state_id:
        return {}
    return {
        item.page_id: item.revision
        for item in CourseReviewItem.objects.filter(
            task_state_id=state.current_task_state_id
        ).select_related("revision")
    }


def _revision_preview_url(page: Page, revision_id: int | None) -> str:
    if revision_id is None:
        return reverse("wagtailadmin_pages:view_draft", args=(page.pk,))
    return reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revision_id))


def _reviewed(page: Page, *, in_review: bool, pinned: Revision | None) -> ReviewedPage:
    is_new = not page.first_published_at
    if in_review:
        if pinned is not None:
            return ReviewedPage(
                page=page,
                revision=pinned,
                is_new=is_new,
                shown=page.with_content_json(pinned.content),
                preview_url=_revision_preview_url(page, pinned.pk),
                will_be_live=True,
                later_edit=page.latest_revision_id != pinned.pk,
            )
        # Not submitted with the course: the live version stands (a page added since is left
        # out until the next review).
        return _as_it_stands(page, is_new=is_new, later_edit=page.has_unpublished_changes)
    if page.latest_revision_id and page.has_unpublished_changes:
        # Submitting the course would take this draft with it.
        return ReviewedPage(
            page=page,
            revision=page.latest_revision,
            is_new=is_new,
            shown=page.with_content_json(page.latest_revision.content),
            preview_url=_revision_preview_url(page, None),
            will_be_live=True,
        )
    return _as_it_stands(page, is_new=is_new, later_edit=False)


def _as_it_stands(page: Page, *, is_new: bool, later_edit: bool) -> ReviewedPage:
    """A page that approving leaves as it is: its live version, or nothing if it has none."""
    return ReviewedPage(
        page=page,
        revision=None,
        is_new=is_new,
        shown=page,
        preview_url=_revision_preview_url(page, page.live_revision_id if page.live else None),
        will_be_live=page.live,
        later_edit=later_edit,
    )


def course_review_bundle(course: Page) -> list[ReviewedPage]:
    """Every page of the course as the reviewer should judge it, in course order.

    While a review is in progress: the revisions submitted with the course (what approving
    publishes), and the live version of every other page. Otherwise: the current drafts.
    """
    if course.pk is None:
        return []
    state = review_in_progress(course)
    pinned = _pinned_revisions(state)
    children = course.get_children().specific().select_related("latest_revision")
    return [
        _reviewed(page, in_review=state is not None, pinned=pinned.get(page.pk))
        for page in children.order_by("path")
    ]


def course_as_approved(course: Page) -> list[Page]:
    """The course's lessons and quiz as officers will see them once the course is approved, in
    course order, each carrying `preview_url` (its preview in the admin): what a reviewer's
    preview of the course shows and links to."""
    pages = []
    for item in course_review_bundle(course):
        if item.will_be_live:
            item.shown.preview_url = item.preview_url
            pages.append(item.shown)
    return pages


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
