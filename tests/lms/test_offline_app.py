"""The installable, offline-capable officer app, server side: the manifest, the service worker
script, the offline pages, and the headers that tell the worker what it may keep, for whom."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from certificates.models import QuickReferenceCard
from courses.models import LessonPage, LessonProgress
from lms.models import Assignment, Completion
from tests.courses.quiz.helpers import make_quiz
from tests.factories import UserFactory, build_course, make_agency, make_member

pytestmark = pytest.mark.django_db

ACCOUNT = "X-Rollcall-Account"
SAVE = "X-Rollcall-Offline"


@pytest.fixture
def agency():
    return make_agency()


@pytest.fixture
def officer(agency):
    return make_member(agency=agency, role="officer").user


@pytest.fixture
def supervisor(agency):
    return make_member(agency=agency, role="supervisor").user


@pytest.fixture
def course():
    return build_course(lessons=2, completion_rule="lessons_only")


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).live().order_by("path"))


def test_manifest_makes_the_app_installable_from_the_officer_dashboard(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Roll Call LMS"
    assert manifest["short_name"] == "Roll Call"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/dashboard/"
    assert manifest["theme_color"] == "#0b3d6e"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_page_links_the_manifest_the_theme_colour_and_the_page_script(
    client, officer, course
):
    anonymous = client.get("/accounts/login/").content.decode()
    client.force_login(officer)
    for html in (anonymous, client.get("/dashboard/").content.decode()):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert '<meta name="theme-color" content="#0b3d6e">' in html
        assert "js/offline.js" in html


def test_service_worker_is_served_from_the_root_uncached_with_its_settings(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("const CONFIG = ").rstrip(";"))
    assert config["offlinePage"] == "/offline/"
    assert "/offline/" in config["shell"]
    assert "/static/js/offline.js" in config["shell"]
    assert len(config["version"]) == 16
    assert 'addEventListener("fetch"' in body


def test_offline_pages_stand_alone_and_say_what_works(client):
    offline = client.get("/offline/").content.decode()
    assert "You are offline" in offline
    assert "was not saved on this phone" in offline
    assert "Sign out" not in offline
    needs = client.get("/offline/needs-connection/").content.decode()
    assert "This needs a connection" in needs
    assert "Nothing was sent" in needs
    assert "Your place in the quiz is kept" in needs


def test_officer_lesson_and_course_pages_may_be_kept_under_an_opaque_account_key(
    client, officer, course
):
    client.force_login(officer)
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert response[SAVE] == "save"
    key = response[ACCOUNT]
    assert key != "none"
    assert str(officer.pk) != key and officer.email not in key
    # The HTTP cache still keeps nothing of a signed-in page.
    assert response["Cache-Control"] == "no-store"
    assert client.get(course.url)[SAVE] == "save"
    assert client.get("/dashboard/")[SAVE] == "save"

    other = make_member(agency=make_agency(), role="officer").user
    client.force_login(other)
    assert client.get(lesson.url)[ACCOUNT] not in {key, "none"}


def test_nothing_a_supervisor_or_ors_sees_is_offered_for_keeping(client, supervisor, course):
    client.force_login(supervisor)
    for url in (lessons_of(course)[0].url, course.url, "/dashboard/"):
        response = client.get(url)
        assert response[ACCOUNT] == "none"
        assert SAVE not in response
    dashboard = client.get("/dashboard/").content.decode()
    assert "data-offline-dashboard" not in dashboard
    assert "data-offline-save" not in client.get(course.url).content.decode()
    offline_list = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    assert client.get(offline_list).status_code == 404

    ors = UserFactory(is_superuser=True)
    client.force_login(ors)
    assert client.get(course.url)[ACCOUNT] == "none"


def test_anonymous_visitors_and_quizzes_are_never_kept(client, officer, course):
    response = client.get("/verify/")
    assert response[ACCOUNT] == "none"
    assert SAVE not in response
    quiz = make_quiz(course=course)
    client.force_login(officer)
    assert SAVE not in client.get(quiz.url)


def test_signing_out_clears_the_phone(client, officer):
    client.force_login(officer)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert "Clear-Site-Data" not in client.get("/accounts/login/")


def test_course_page_offers_save_for_offline_only_to_officers_and_only_with_script(
    client, officer, course
):
    assert "data-offline-course" not in client.get(course.url).content.decode()
    client.force_login(officer)
    html = client.get(course.url).content.decode()
    offline_list = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    assert f'data-offline-course="{offline_list}" hidden' in html
    assert "Save for offline" in html


def test_saving_a_course_lists_its_lessons_and_card_but_not_its_quiz(client, officer, course):
    quiz = make_quiz(course=course)
    card = QuickReferenceCard.objects.create(
        slug="scene-card", title="At the scene", body=[], course=course
    )
    client.force_login(officer)
    url = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    bundle = client.get(url).json()
    lessons = lessons_of(course)
    assert bundle["title"] == course.title
    assert bundle["urls"][:3] == [course.url, lessons[0].url, lessons[1].url]
    assert f"/cards/{card.slug}/" in bundle["urls"]
    assert f"/cards/{card.slug}/v{card.version}/wallet.pdf" in bundle["urls"]
    assert quiz.url not in bundle["urls"]
    for page_url in bundle["urls"]:
        assert client.get(page_url)[SAVE] == "save", page_url


def test_a_new_publication_changes_the_saved_course_stamp(client, officer, course):
    client.force_login(officer)
    url = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    before = client.get(url).json()["stamp"]
    assert client.get(url).json()["stamp"] == before
    lesson = lessons_of(course)[0]
    lesson.title = "Check breathing first"
    lesson.save_revision().publish()
    assert client.get(url).json()["stamp"] != before


def test_unpublished_course_cannot_be_saved_and_anonymous_must_sign_in(client, officer, course):
    url = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    assert client.get(url).status_code == 302
    course.unpublish()
    client.force_login(officer)
    assert client.get(url).status_code == 404


def test_a_completion_sent_twice_after_reconnecting_is_recorded_once(client, officer, course):
    client.force_login(officer)
    first, second = lessons_of(course)
    for lesson in (first, second):
        # The phone sends the kept form, then again (a retry after a dropped answer).
        for _ in range(2):
            response = client.post(
                reverse("courses:lesson_complete", args=[lesson.pk]),
                {"offline_next": second.url},
            )
            assert response.status_code == 302
    assert LessonProgress.objects.filter(user=officer).count() == 2
    assert Completion.objects.filter(user=officer, course_id=course.pk).count() == 1


def test_lesson_form_carries_where_to_go_on_offline(client, officer, course):
    client.force_login(officer)
    first, second = lessons_of(course)
    html = client.get(first.url).content.decode()
    assert f'name="offline_next" value="{second.url}"' in html
    assert f'name="offline_next" value="{course.url}"' in client.get(second.url).content.decode()


def test_dashboard_keeps_assigned_courses_and_own_certificates_on_the_phone(
    client, agency, officer, course
):
    Assignment.objects.create(
        user=officer, agency=agency, course=course, due_on=timezone.localdate() + timedelta(7)
    )
    client.force_login(officer)
    response = client.get("/dashboard/")
    html = response.content.decode()
    assert "data-offline-dashboard" in html
    assert "Add to home screen" in html
    saves = response.context["offline_saves"]
    assert saves["courses"] == [
        reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    ]
    assert 'id="offline-saves"' in html


def test_json_and_other_non_pages_name_no_account_unless_the_view_asks(client, officer, course):
    client.force_login(officer)
    # Working out someone's roles costs queries: polls and JSON answers are left alone.
    assert ACCOUNT not in client.get("/manifest.webmanifest")
    offline_list = reverse("courses:course_offline_list", kwargs={"course_id": course.pk})
    response = client.get(offline_list)
    assert response[ACCOUNT] not in {"", "none"}
    assert SAVE not in response
