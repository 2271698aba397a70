"""A course is reviewed and published as one unit: the author submits the course, the drafts
of its lessons and quiz go with it, the reviewer sees the whole course and approves it once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import CoursePage, LessonPage
from courses.quiz.models import QuizAttempt, QuizPage
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.courses.test_authoring import course_form
from tests.factories import UserFactory, build_course, build_lesson

pytestmark = pytest.mark.django_db


def member_of(name: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def draft_course_with_lessons(*, lessons: int = 2) -> CoursePage:
    """A course an author has written but nobody has published: every page a draft."""
    course = build_course(lessons=0, publish=False, title="Talking with families")
    for n in range(1, lessons + 1):
        build_lesson(course=course, publish=False, title=f"Family lesson {n}")
    return CoursePage.objects.get(pk=course.pk)


def submit(client, course: CoursePage):
    client.force_login(member_of("ORS Authors"))
    edit = reverse("wagtailadmin_pages:edit", args=(course.pk,))
    data = course_form(title=course.title, slug=course.slug, **{"action-submit": "Submit"})
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    course.refresh_from_db()
    return course


def act(client, course: CoursePage, action: str):
    client.force_login(member_of("ORS Reviewers"))
    task_state = course.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(course.pk, action, task_state.pk))
    return client.post(url, {"comment": "Checked against the fact sheet."})


def test_lessons_have_no_review_cycle_of_their_own():
    course = draft_course_with_lessons(lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    assert course.get_workflow() is not None
    assert lesson.get_workflow() is None


def test_approving_a_course_publishes_its_lessons_with_it_in_one_go(client):
    course = submit(client, draft_course_with_lessons(lessons=2))
    assert course.current_workflow_state.status == "in_progress"
    assert not LessonPage.objects.child_of(course).live().exists()

    act(client, course, "approve")
    course.refresh_from_db()
    assert course.live
    lessons = LessonPage.objects.child_of(course)
    assert lessons.count() == 2 and lessons.live().count() == 2
    assert not any(lesson.has_unpublished_changes for lesson in lessons)

    officer = client.__class__()
    officer.force_login(UserFactory())
    page = officer.get(course.url).content.decode()
    assert "Family lesson 1" in page and "Family lesson 2" in page


def test_requesting_changes_returns_the_whole_course_unpublished(client):
    course = submit(client, draft_course_with_lessons(lessons=2))
    act(client, course, "reject")
    course.refresh_from_db()
    assert not course.live
    assert not LessonPage.objects.child_of(course).live().exists()
    assert course.current_workflow_state.status == "needs_changes"


def test_a_lesson_edited_after_submission_is_published_as_it_was_reviewed(client):
    course = submit(client, draft_course_with_lessons(lessons=1))
    lesson = LessonPage.objects.child_of(course).get()
    later = lesson.get_latest_revision_as_object()
    later.title = "Changed after the reviewer looked"
    later.save_revision()
    act(client, course, "approve")
    lesson.refresh_from_db()
    assert lesson.live and lesson.title == "Family lesson 1"
    assert lesson.has_unpublished_changes  # the later edit waits for the next review


def test_a_course_without_lessons_cannot_be_approved_and_is_never_shown(client):
    course = submit(client, draft_course_with_lessons(lessons=0))
    reviewer = member_of("ORS Reviewers")
    actions = course.current_workflow_task.specific.get_actions(course, reviewer)
    assert [name for name, *_ in actions] == ["reject"]
    # Even published by hand, a course with no live lesson is not offered to officers.
    course.save_revision().publish()
    officer = client.__class__()
    officer.force_login(UserFactory())
    assert officer.get(course.url).status_code == 404
    assert "Talking with families" not in officer.get("/courses/").content.decode()


def test_the_reviewer_previews_the_course_with_its_draft_lessons(client):
    course = submit(client, draft_course_with_lessons(lessons=2))
    client.force_login(member_of("ORS Reviewers"))
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(course.pk,)))
    html = preview.content.decode()
    assert "no lessons yet" not in html
    assert "Family lesson 1" in html and "Family lesson 2" in html


def test_an_already_live_course_keeps_unchanged_lessons_live_through_review(client):
    course = build_course(lessons=2, title="Live course")
    new = build_lesson(course=course, publish=False, title="A new lesson")
    course = submit(client, CoursePage.objects.get(pk=course.pk))
    act(client, course, "approve")
    assert LessonPage.objects.child_of(course).live().count() == 3
    new.refresh_from_db()
    assert new.live


def test_the_reviewer_sees_every_page_of_the_course_and_what_changed(client):
    course = build_course(lessons=1, title="Live course")
    changed = LessonPage.objects.child_of(course).get()
    draft = changed.get_latest_revision_as_object()
    draft.title = "Lesson 1, reworded"
    draft.save_revision()
    build_lesson(course=course, publish=False, title="A new lesson")
    course = submit(client, CoursePage.objects.get(pk=course.pk))

    client.force_login(member_of("ORS Reviewers"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,))).content.decode()
    review_url = reverse("course_review", args=(course.pk,))
    assert review_url in edit
    page = client.get(review_url).content.decode()
    assert "Lesson 1, reworded" in page and "Changed" in page and "Compare with live" in page
    assert "A new lesson" in page and "New: never published" in page
    pinned = changed.get_latest_revision()
    assert reverse("wagtailadmin_pages:revisions_view", args=(changed.pk, pinned.pk)) in page


def test_only_people_who_may_edit_the_course_open_its_review_page(client):
    course = build_course(lessons=1)
    client.force_login(UserFactory(is_staff=True))  # admin access, no rights on courses
    response = client.get(reverse("course_review", args=(course.pk,)))
    assert response.status_code in (302, 403)


def draft_title(page, title: str):
    draft = page.get_latest_revision_as_object()
    draft.title = title
    return draft.save_revision()


def test_the_quiz_goes_with_its_course_and_is_published_with_it(client):
    course = draft_course_with_lessons(lessons=1)
    quiz = make_quiz(course=course, live=False, questions=sample_questions(2))
    quiz.save_revision()
    course = submit(client, course)
    assert not QuizPage.objects.get(pk=quiz.pk).live
    act(client, course, "approve")
    quiz.refresh_from_db()
    assert quiz.live and not quiz.has_unpublished_changes
    officer = client.__class__()
    officer.force_login(UserFactory())
    assert officer.get(quiz.url).status_code == 200


def test_requesting_changes_returns_every_page_and_the_next_submission_takes_the_fixes(client):
    course = build_course(lessons=1, title="Live course")
    lesson = LessonPage.objects.child_of(course).get()
    quiz = make_quiz(course=course, questions=sample_questions(2), pass_mark=80)
    draft_title(lesson, "Lesson 1, first try")
    changed_quiz = quiz.get_latest_revision_as_object()
    changed_quiz.pass_mark = 50
    changed_quiz.save_revision()
    course = submit(client, CoursePage.objects.get(pk=course.pk))

    act(client, course, "reject")
    lesson.refresh_from_db()
    quiz.refresh_from_db()
    # Nothing changed for officers: the live versions stand, the drafts go back to the author.
    assert lesson.title == "Lesson 1" and lesson.has_unpublished_changes
    assert quiz.pass_mark == 80 and quiz.has_unpublished_changes
    course.refresh_from_db()
    assert course.current_workflow_state.status == "needs_changes"

    draft_title(lesson, "Lesson 1, fixed")
    course = submit(client, course)  # resubmitted: the drafts as they are now go with it
    assert course.current_workflow_state.status == "in_progress"
    act(client, course, "approve")
    lesson.refresh_from_db()
    quiz.refresh_from_db()
    assert lesson.title == "Lesson 1, fixed" and quiz.pass_mark == 50


def test_approval_that_cannot_publish_every_page_publishes_nothing(client):
    """One transaction: a lesson whose submitted slug was taken since cannot be published, so
    neither the course nor any other page is, and the reviewer is told why."""
    course = draft_course_with_lessons(lessons=2)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    renamed = second.get_latest_revision_as_object()
    renamed.slug = "talking-at-the-door"
    renamed.save_revision()
    course = submit(client, course)
    # After submission another lesson is published under the slug the second one was given.
    squatter = build_lesson(course=course, title="Squatter")
    squatter.slug = "talking-at-the-door"
    squatter.save_revision().publish()
    response = act(client, course, "approve")
    assert response.status_code == 302
    assert response["Location"] == reverse("course_review", args=(course.pk,))
    course.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert not course.live and not first.live and not second.live
    assert course.current_workflow_state.status == "in_progress"
    page = client.get(response["Location"]).content.decode()
    assert "Family lesson 2" in page and "nothing will be approved or published" in page


def test_the_reviewer_previews_exactly_what_approving_publishes(client):
    """An edit made after submission waits for the next review: the course preview, the lesson
    previews and their links show the version submitted, the quiz included."""
    course = build_course(lessons=2, title="Live course")
    first, second = LessonPage.objects.child_of(course).order_by("path")
    quiz = make_quiz(course=course, questions=sample_questions(2))
    submitted = draft_title(first, "As submitted")
    course = submit(client, CoursePage.objects.get(pk=course.pk))
    draft_title(first, "Edited after submission")
    build_lesson(course=course, publish=False, title="Added after submission")

    client.force_login(member_of("ORS Reviewers"))
    html = client.get(reverse("wagtailadmin_pages:view_draft", args=(course.pk,))).content
    html = html.decode()
    assert "As submitted" in html and "Edited after submission" not in html
    assert "Added after submission" not in html
    first_preview = reverse("wagtailadmin_pages:revisions_view", args=(first.pk, submitted.pk))
    assert first_preview in html  # links stay inside the admin's previews
    assert f'href="{quiz.url}"' not in html and quiz.title in html
    lesson_html = client.get(first_preview).content.decode()
    assert "As submitted" in lesson_html and "Lesson 1 of 2" in lesson_html
    second_preview = reverse(
        "wagtailadmin_pages:revisions_view", args=(second.pk, second.live_revision_id)
    )
    assert second_preview in lesson_html

    review = client.get(reverse("course_review", args=(course.pk,))).content.decode()
    assert "Edited since it was submitted" in review
    assert "Not in this review: added after the course was submitted" in review

    act(client, course, "approve")
    first.refresh_from_db()
    assert first.title == "As submitted"


def test_previewing_the_quiz_lets_an_editor_take_it_and_records_nothing(client):
    course = build_course(lessons=1, title="Live course")
    quiz = make_quiz(course=course, questions=sample_questions(2))
    client.force_login(member_of("ORS Reviewers"))
    html = client.get(reverse("wagtailadmin_pages:view_draft", args=(quiz.pk,))).content.decode()
    assert "nothing is recorded" in html
    assert reverse("courses:quiz:start", args=(quiz.pk,)) not in html
    assert f'action="{reverse("quiz_try", args=(quiz.pk,))}"' in html
    assert "Question number 1?" in html and "Question number 2?" in html
    assert not QuizAttempt.objects.exists()
