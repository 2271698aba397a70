from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.factories import build_course, build_course_index

pytestmark = pytest.mark.django_db


def test_course_index_lives_under_the_home_page_and_holds_only_courses():
    assert CourseIndexPage.can_exist_under(HomePage())
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage] or set(
        CourseIndexPage.allowed_subpage_models()
    ) == {CoursePage}


def test_course_holds_lessons_and_a_quiz_only():
    names = {model.__name__ for model in CoursePage.allowed_subpage_models()}
    assert names == {"LessonPage", "QuizPage"}
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]


def test_lesson_can_only_be_created_inside_a_course_and_has_no_children():
    assert LessonPage.allowed_parent_page_models() == [CoursePage]
    assert LessonPage.allowed_subpage_models() == []
    assert not LessonPage.can_create_at(build_course_index())
    assert not CoursePage.can_create_at(HomePage.objects.first())
    assert LessonPage.can_create_at(build_course(lessons=0))


def test_only_one_course_index_can_be_created():
    build_course_index()
    assert not CourseIndexPage.can_create_at(HomePage.objects.first())


def test_a_cover_image_without_alt_text_is_refused():
    image = Image.objects.create(title="Cover", file=get_test_image_file())
    course = build_course(lessons=0)
    course.cover_image = image
    course.cover_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "cover_image_alt" in error.value.message_dict
    course.cover_image_alt = "Officer kneeling beside a person on the ground"
    course.full_clean()


def test_pages_preview_at_phone_width_first():
    for model in (CourseIndexPage, CoursePage, LessonPage):
        sizes = model().preview_sizes
        assert sizes[0]["device_width"] == 360
        assert model().default_preview_size == "mobile"


def test_learning_objectives_are_one_per_line():
    course = build_course(lessons=0, learning_objectives="Spot an overdose\n\n Give naloxone \n")
    assert course.objectives == ["Spot an overdose", "Give naloxone"]
