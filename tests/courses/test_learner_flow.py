from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import LessonProgress
from tests.factories import TEST_PASSWORD, UserFactory, build_course, build_lesson
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


def complete_url(lesson):
    return reverse("courses:lesson_complete", args=[lesson.pk])


def test_reading_a_lesson_records_nothing(client):
    course = build_course(lessons=3)
    client.force_login(UserFactory())
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson 1 of 3" in html
    assert "Complete and continue" in html
    assert "about 5 min" in html
    assert not LessonProgress.objects.exists()


def test_the_course_page_offers_start_then_continue_at_the_first_unfinished_lesson(client):
    course = build_course(lessons=3)
    one, two, _three = lessons_of(course)
    client.force_login(UserFactory())
    html = client.get(course.url).content.decode()
    assert "Start the course" in html
    assert f'class="button button--block" href="{one.url}"' in html
    assert 'role="progressbar"' in html or "<progress" in html
    assert not LessonProgress.objects.exists()

    response = client.post(complete_url(one))
    assert response["Location"] == two.url

    html = client.get(course.url).content.decode()
    assert f"Continue: {two.title}" in html
    assert f'href="{two.url}">Continue' in html
    assert "1 of 3 lessons completed" in html
    assert "In progress" in html


def test_an_officer_who_leaves_and_comes_back_continues_where_they_left_off(client, password):
    course = build_course(lessons=3)
    one, two, three = lessons_of(course)
    officer = UserFactory()
    client.force_login(officer)
    client.post(complete_url(one))
    client.post(complete_url(two))
    client.logout()

    again = Client()
    again.force_login(officer)
    html = again.get(course.url).content.decode()
    assert f"Continue: {three.title}" in html
    assert "2 of 3 lessons completed" in html
    assert 'value="67"' in html


def test_completing_the_last_lesson_completes_the_course(client):
    course = build_course(lessons=2)
    client.force_login(UserFactory())
    for lesson in lessons_of(course):
        response = client.post(complete_url(lesson))
    assert response["Location"] == course.url
    html = client.get(course.url).content.decode()
    assert "Course complete" in html
    assert "Completed" in html
    assert 'value="100"' in html
    assert "Review the course" in html


def test_lesson_complete_is_idempotent(client):
    course = build_course(lessons=2)
    client.force_login(UserFactory())
    first = lessons_of(course)[0]
    client.post(complete_url(first))
    stamp = LessonProgress.objects.get(lesson=first).completed_at
    client.post(complete_url(first))
    assert LessonProgress.objects.filter(lesson=first).count() == 1
    assert LessonProgress.objects.get(lesson=first).completed_at == stamp


def test_lesson_complete_refuses_get_and_requires_csrf():
    course = build_course(lessons=1)
    lesson = lessons_of(course)[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.get(complete_url(lesson)).status_code == 405
    assert client.post(complete_url(lesson)).status_code == 403
    assert not LessonProgress.objects.exists()


def test_anonymous_visitor_of_a_private_lesson_logs_in_and_comes_back(client):
    course = build_course(lessons=1)
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("account_login"))
    assert f"next={lesson.url}" in login_url
    officer = UserFactory()
    response = client.post(login_url, {"login": officer.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == lesson.url
    assert client.get(lesson.url).status_code == 200


def test_a_private_course_overview_is_public_but_its_lessons_need_sign_in(client):
    """Issue 8: agencies can read what a course teaches; completion needs an account."""
    course = build_course(lessons=2)
    response = client.get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert course.title in html
    assert "The lessons need an account" in html
    assert "Complete and continue" not in html
    for lesson in lessons_of(course):
        assert lesson.title in html
        assert client.get(lesson.url)["Location"].startswith(reverse("account_login"))


def test_a_public_course_is_readable_without_signing_in_and_tracks_nothing(client):
    course = build_course(lessons=2, is_public=True)
    assert client.get(course.url).status_code == 200
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Complete and continue" not in html
    assert "Sign in" in html


def test_anonymous_lesson_complete_goes_to_login_and_records_nothing(client):
    course = build_course(lessons=1, is_public=True)
    response = client.post(complete_url(lessons_of(course)[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not LessonProgress.objects.exists()


def test_draft_lesson_is_never_shown_to_officers(client):
    course = build_course(lessons=1)
    draft = build_lesson(course=course, title="Unfinished", publish=False)
    client.force_login(UserFactory())
    assert client.get(f"{course.url}unfinished/").status_code == 404
    assert client.post(complete_url(draft)).status_code == 404
    assert "Unfinished" not in client.get(course.url).content.decode()
    assert not LessonProgress.objects.exists()


def test_a_lesson_of_an_unpublished_course_is_not_shown_or_recorded(client):
    course = build_course(lessons=1)
    lesson = lessons_of(course)[0]
    url = lesson.url
    course.unpublish()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(complete_url(lesson)).status_code == 404
    assert not LessonProgress.objects.exists()


def test_unknown_lesson_is_a_404(client):
    client.force_login(UserFactory())
    assert client.post(reverse("courses:lesson_complete", args=[999999])).status_code == 404


def test_course_index_lists_published_courses_with_the_officers_status(client):
    done = build_course(lessons=1, title="Finished course")
    build_course(lessons=1, title="Fresh course")
    build_course(lessons=1, title="Secret draft", publish=False)
    client.force_login(UserFactory())
    client.post(complete_url(lessons_of(done)[0]))
    html = client.get(done.get_parent().url).content.decode()
    assert "Finished course" in html and "Fresh course" in html
    assert "Secret draft" not in html
    assert "Completed" in html and "Not started" in html


def test_the_course_page_links_the_current_quick_reference_card(client):
    from certificates.models import QuickReferenceCard

    course = build_course(lessons=1)
    QuickReferenceCard.objects.create(
        slug="naloxone", title="Naloxone card v1", body=[], course=course
    )
    QuickReferenceCard.objects.create(
        slug="naloxone", title="Naloxone card v2", body=[], course=course
    )
    client.force_login(UserFactory())
    html = client.get(course.url).content.decode()
    assert "Naloxone card v2" in html
    assert reverse("certificates:card", args=["naloxone"]) in html


def test_the_course_page_shows_the_whole_estimate_and_the_lessons_own_minutes(client):
    course = build_course(lessons=3, estimated_minutes=25)
    client.force_login(UserFactory())
    html = client.get(course.url).content.decode()
    # Three lessons of 5 minutes each; the course's own estimate also covers the quiz.
    assert "About 25 min · 3 lessons (15 min)" in html
