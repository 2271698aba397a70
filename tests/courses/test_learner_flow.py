from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import LessonProgress
from tests.factories import UserFactory, build_course, build_lesson

pytestmark = pytest.mark.django_db


def test_lesson_page_renders_for_a_signed_in_officer(client):
    course = build_course(lessons=3)
    officer = UserFactory()
    client.force_login(officer)
    lesson = course.get_children().first().specific
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson 1 of 3" in html
    assert "Lesson complete" in html
    assert not LessonProgress.objects.exists()


def test_course_page_renders(client):
    course = build_course(lessons=2)
    client.force_login(UserFactory())
    response = client.get(course.url)
    assert response.status_code == 200
    assert "Start the course" in response.content.decode()
