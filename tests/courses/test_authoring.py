"""Authoring in the Wagtail admin: the groups and workflow a new site gets, and a course going
from an ORS author's draft through review to published."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CourseIndexPage, CoursePage
from tests.factories import UserFactory, build_course_index, build_lesson

pytestmark = pytest.mark.django_db


def member_of(name: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def test_migrate_creates_the_course_index_groups_permissions_and_workflow():
    index = CourseIndexPage.objects.get()
    assert index.get_parent().specific_class.__name__ == "HomePage"
    perms = {
        (row.group.name, row.permission.codename)
        for row in GroupPagePermission.objects.filter(page=index).select_related(
            "group", "permission"
        )
    }
    assert {("ORS Authors", "add_page"), ("ORS Authors", "change_page")} <= perms
    assert ("ORS Authors", "publish_page") not in perms
    assert {("ORS Reviewers", "publish_page"), ("ORS Reviewers", "change_page")} <= perms
    workflow = WorkflowPage.objects.get(page=index).workflow
    assert workflow.name == "ORS course review" and workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["ORS Reviewers"]
    for name in ("ORS Authors", "ORS Reviewers"):
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


def test_the_authoring_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("courses.migrations.0005_ors_authoring_groups_and_workflow")
    migration.create_authoring_setup(global_apps, None)
    assert CourseIndexPage.objects.count() == 1
    assert Group.objects.filter(name="ORS Authors").count() == 1
    assert WorkflowPage.objects.filter(page=CourseIndexPage.objects.get()).count() == 1


def course_form(**overrides):
    data = {
        "title": "Leave-behind naloxone basics",
        "slug": "leave-behind-basics",
        "summary": "What to leave with a family after an overdose call.",
        "audience": "officers",
        "estimated_minutes": "15",
        "completion_rule": "lessons_and_quiz",
        "rollcall_counts_as": "attendance_and_quiz",
        "recertification_months": "24",
        "renewal_window_days": "90",
        "issues_certificate": "on",
        "learning_objectives": "Explain the leave-behind kit",
        "cover_image_alt": "",
        "comments": inline_formset([]),
        "roll_call_briefing": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_author_submits_a_course_and_a_reviewer_publishes_it(client):
    index = build_course_index()
    author = member_of("ORS Authors")
    client.force_login(author)
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))
    response = client.post(add_url, course_form())  # saved as a draft
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="leave-behind-basics")
    lesson = build_lesson(course=course, publish=False, title="Leaving the kit")
    edit_url = reverse("wagtailadmin_pages:edit", args=(course.pk,))
    response = client.post(edit_url, course_form(**{"action-submit": "Submit"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    course.refresh_from_db()
    assert not course.live
    state = course.current_workflow_state
    assert state is not None and state.status == "in_progress"
    # The author cannot publish, and the draft is not visible to officers.
    assert not course.permissions_for_user(author).can_publish()
    officer_client = client.__class__()
    officer_client.force_login(UserFactory())
    assert officer_client.get("/courses/leave-behind-basics/").status_code == 404

    reviewer = member_of("ORS Reviewers")
    client.force_login(reviewer)
    task_state = course.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(course.pk, "approve", task_state.pk)
    )
    response = client.post(approve_url, {"comment": "Accurate and clear."})
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live
    assert course.live_revision_id is not None
    lesson.refresh_from_db()
    assert lesson.live  # published with its course
    assert officer_client.get(course.url).status_code == 200


def test_an_author_cannot_publish_directly(client):
    index = build_course_index()
    client.force_login(member_of("ORS Authors"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))
    client.post(add_url, course_form(slug="direct", **{"action-publish": "Publish"}))
    course = CoursePage.objects.filter(slug="direct").first()
    assert course is None or not course.live


def test_a_cover_image_without_alt_text_is_refused_in_the_admin(client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Cover", file=get_test_image_file())
    index = build_course_index()
    client.force_login(member_of("ORS Reviewers"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))
    response = client.post(add_url, course_form(slug="no-alt", cover_image=str(image.pk)))
    assert response.status_code == 200
    assert not CoursePage.objects.filter(slug="no-alt").exists()
    assert "Describe the cover image" in response.content.decode()


def test_a_lesson_preview_opens_at_phone_width_for_authors(client):
    from tests.factories import build_course

    course = build_course(lessons=1)
    lesson = course.get_children().first()
    client.force_login(member_of("ORS Authors"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(lesson.pk,)))
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "360" in html
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(lesson.pk,)))
    assert preview.status_code == 200
    assert "Lesson 1 of 1" in preview.content.decode()


def _unsaved_child(parent, page):
    page.depth = parent.depth + 1
    last = parent.get_last_child()
    page.path = last._inc_path() if last else page._get_path(parent.path, page.depth, 1)
    page.set_url_path(parent)
    return page


def test_previewing_a_new_course_and_a_new_lesson_before_saving_works():

    from courses.models import LessonPage
    from tests.factories import build_course

    author = member_of("ORS Authors")
    course = _unsaved_child(
        build_course_index(), CoursePage(title="New course", slug="new", summary="Soon")
    )
    response = course.make_preview_request(extra_request_attrs={"user": author})
    assert response.status_code == 200
    assert "New course" in response.content.decode()

    existing = build_course(lessons=1)
    lesson = _unsaved_child(
        existing,
        LessonPage(title="Brand new lesson", slug="brand-new", body=[("heading", "Hello")]),
    )
    response = lesson.make_preview_request(extra_request_attrs={"user": author})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brand new lesson" in html and "Lesson 2 of 2" in html
    assert "Complete and continue" not in html


def lesson_form(**overrides):
    data = {
        "title": "Talking with families",
        "slug": "talking-with-families",
        "estimated_minutes": "5",
        "body": [],
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_saving_a_draft_lesson_checks_the_required_parts_of_its_blocks(client):
    """A callout without a body used to save as a draft and fail only at submit."""
    from wagtail.test.utils.form_data import rich_text, streamfield

    from courses.models import LessonPage
    from tests.factories import build_course

    course = build_course(lessons=0)
    client.force_login(member_of("ORS Authors"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk))
    empty_callout = {"kind": "warning", "title": "Fentanyl", "body": rich_text("")}
    response = client.post(add_url, lesson_form(body=streamfield([("callout", empty_callout)])))
    assert response.status_code == 200
    assert not LessonPage.objects.filter(slug="talking-with-families").exists()
    assert "This field is required" in response.content.decode()

    good_callout = {**empty_callout, "body": rich_text("<p>Call 911 first.</p>")}
    response = client.post(add_url, lesson_form(body=streamfield([("callout", good_callout)])))
    assert response.status_code == 302
    assert LessonPage.objects.get(slug="talking-with-families").has_unpublished_changes


def test_the_add_lesson_form_does_not_autosave_but_the_edit_form_does(client):
    from tests.factories import build_course

    course = build_course(lessons=1)
    client.force_login(member_of("ORS Authors"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", course.pk))
    add = client.get(add_url).content.decode()
    assert 'id="page-edit-form"' in add
    assert "w-autosave#save" not in add
    edit_url = reverse("wagtailadmin_pages:edit", args=(course.get_children().first().pk,))
    assert "w-autosave#save" in client.get(edit_url).content.decode()


def test_lesson_blocks_have_word_labels_and_a_new_knowledge_check_has_two_answers():
    from courses.blocks import LessonBodyBlock

    body = LessonBodyBlock()
    labels = {name: str(block.label) for name, block in body.child_blocks.items()}
    assert labels["do_dont"] == "Do and don't"
    assert labels["knowledge_check"] == "Knowledge check"
    new_check = body.child_blocks["knowledge_check"].get_default()
    assert len(new_check["choices"]) == 2


def test_reviewers_are_emailed_when_a_course_is_submitted_to_them(client, mailoutbox):
    index = build_course_index()
    reviewer = member_of("ORS Reviewers")
    bystander = UserFactory()
    client.force_login(member_of("ORS Authors"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))
    response = client.post(add_url, course_form(**{"action-submit": "Submit"}))
    assert response.status_code == 302
    recipients = {address for message in mailoutbox for address in message.to}
    assert reviewer.email in recipients
    assert bystander.email not in recipients
    assert any("Leave-behind naloxone basics" in message.subject for message in mailoutbox)


def test_saving_a_draft_course_checks_its_roll_call_briefing(client):
    """The briefing's required parts are checked when the draft is saved, not first at submit."""
    from wagtail.test.utils.form_data import streamfield

    index = build_course_index()
    client.force_login(member_of("ORS Authors"))
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))
    untitled = {"title": "", "minutes": "2", "steps": streamfield([])}
    data = course_form(roll_call_briefing=streamfield([("segment", untitled)]))
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert not CoursePage.objects.filter(slug="leave-behind-basics").exists()
    assert "This field is required" in response.content.decode()


def test_saving_a_draft_toolkit_page_checks_its_blocks(client):
    from wagtail.test.utils.form_data import rich_text, streamfield

    from cms.models import HomePage, ToolkitIndexPage, ToolkitPage

    home = HomePage.objects.first()
    index = home.add_child(instance=ToolkitIndexPage(title="Toolkit", slug="toolkit-test"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    add_url = reverse("wagtailadmin_pages:add", args=("cms", "toolkitpage", index.pk))
    untitled_callout = {"kind": "warning", "title": "", "body": rich_text("<p>Keep it.</p>")}
    data = nested_form_data(
        {
            "title": "Program benefits",
            "slug": "program-benefits",
            "summary": "",
            "kind": "benefits",
            "version_label": "",
            "body": streamfield([("callout", untitled_callout)]),
            "comments": inline_formset([]),
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert not ToolkitPage.objects.filter(slug="program-benefits").exists()
    assert "This field is required" in response.content.decode()
