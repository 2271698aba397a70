"""Models of the whole-course review (see courses/review.py for how it runs)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState

from courses.models.pages import LessonPage


def pages_with_drafts_in(course: Page) -> list[Page]:
    """The course's lessons and quiz whose latest revision is not the live one."""
    if course.pk is None:
        return []
    children = course.get_children().specific().select_related("latest_revision")
    return [page for page in children if page.latest_revision_id and page.has_unpublished_changes]


def course_would_have_lessons(course: Page) -> bool:
    """True when the course, once approved, has at least one live lesson: one already live, or
    one pinned to the review in progress (or, before submission, one with a draft)."""
    if LessonPage.objects.child_of(course).live().exists():
        return True
    task_state = course.current_workflow_task_state
    if task_state is not None:
        pinned = CourseReviewItem.objects.filter(task_state=task_state).values_list(
            "page_id", flat=True
        )
        return LessonPage.objects.filter(pk__in=pinned).exists()
    return any(isinstance(page, LessonPage) for page in pages_with_drafts_in(course))


def publish_problems(task_state: TaskState) -> list[str]:
    """Why a page submitted with the course could not be published as submitted (a slug taken
    since by another page, say), as sentences; empty when approving can publish them all.

    Approving publishes every page in one transaction, so one such page would undo it all;
    checking first lets the reviewer see why instead of an error page."""
    problems = []
    items = CourseReviewItem.objects.filter(task_state=task_state).select_related("revision")
    for item in items:
        page = item.page.specific
        try:
            page.with_content_json(item.revision.content).full_clean()
        except ValidationError as error:
            for message in error.messages:
                problems.append(f"{page.title}: {message}")
    return problems


class CourseReviewTask(AbstractGroupApprovalTask):
    """Group approval of a whole course: the course page with its draft lessons and quiz."""

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        course = workflow_state.content_object
        CourseReviewItem.objects.bulk_create(
            CourseReviewItem(task_state=task_state, page=page, revision=page.latest_revision)
            for page in pages_with_drafts_in(course)
        )
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and publish_problems(task_state):
            # Nothing is approved or published: the review page says what stands in the way.
            return reverse("course_review", args=(task_state.workflow_state.object_id,))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and not course_would_have_lessons(obj):
            # Approving would publish a course with nothing to read: only "Request changes".
            return [action for action in actions if action[0] != "approve"]
        return actions

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups review and publish a course with its lessons")

    class Meta:
        verbose_name = _("Course review (whole course)")
        verbose_name_plural = _("Course reviews (whole course)")


class CourseReviewItem(models.Model):
    """A lesson or quiz revision submitted for review with its course."""

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="course_review_items"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("page reviewed with its course")
        constraints = [
            models.UniqueConstraint(fields=["task_state", "page"], name="one_review_item_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.page} (revision {self.revision_id})"
