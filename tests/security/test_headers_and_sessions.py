"""Headers, cookies and session behaviour a browser meets."""

from __future__ import annotations

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_content_security_policy_and_nosniff(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_seen_signed_in_are_never_cached(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"


def test_anonymous_public_pages_are_not_marked_no_store(client):
    assert client.get("/").get("Cache-Control") != "no-store"


def test_the_admin_may_frame_itself_for_previews_but_nothing_else_may(client):
    response = client.get("/admin/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_samesite(client, user, password):
    client.post("/accounts/login/", {"login": user.email, "password": password})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_csrf_token_is_required_for_sign_in(user, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 403


def test_sessions_rotate_on_login_and_end_on_logout(client, user, password):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    client.post("/accounts/login/", {"login": user.email, "password": password})
    new_key = client.cookies["sessionid"].value
    assert new_key != "attacker-chosen-session-key"
    client.post("/accounts/logout/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=new_key).exists()


def test_deactivating_an_account_ends_its_sessions(client, user):
    client.force_login(user)
    assert client.get("/").wsgi_request.user.is_authenticated
    user.is_active = False
    user.save()
    assert not client.get("/").wsgi_request.user.is_authenticated


def _session_row(key):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=key)


def test_sessions_expire_after_thirty_idle_minutes_and_are_renewed_on_use(
    settings, client, user, monkeypatch
):
    """Renewed at most once a minute: an active person stays in, without a write per page."""
    import lms.people.sessions

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    clock = [1_000_000.0]
    monkeypatch.setattr(lms.people.sessions.time, "time", lambda: clock[0])
    client.force_login(user)
    first = client.get("/")
    assert first.cookies["sessionid"]["max-age"] == 30 * 60
    key = first.cookies["sessionid"].value
    renewed_expiry = _session_row(key).expire_date

    clock[0] += 30  # half a minute later: nothing written, no new cookie
    second = client.get("/")
    assert "sessionid" not in second.cookies
    assert _session_row(key).expire_date == renewed_expiry

    clock[0] += 31  # over a minute since the renewal: a new expiry and a new cookie
    third = client.get("/")
    assert third.cookies["sessionid"]["max-age"] == 30 * 60
    assert _session_row(key).expire_date > renewed_expiry


def test_a_session_that_has_expired_is_signed_out(client, user):
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.utils import timezone

    client.force_login(user)
    key = client.cookies["sessionid"].value
    assert client.get("/").wsgi_request.user.is_authenticated
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    cache.clear()  # the cached copy expires with the session; a local-memory test cache will not
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_locked_database_gives_a_busy_page_that_keeps_the_posted_answers(client, monkeypatch):
    """SQLite locked past its timeout: a 503 page with a retry form holding what was sent."""
    from django.urls import clear_url_caches, path

    import lms.urls

    def locked(request):
        raise OperationalError("database is locked")

    monkeypatch.setattr(
        lms.urls, "urlpatterns", [path("busy-probe/", locked), *lms.urls.urlpatterns]
    )
    clear_url_caches()
    try:
        response = client.post("/busy-probe/", {"answer": ["c1", "c3"], "essay": "my words"})
    finally:
        clear_url_caches()
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "The system is busy" in body
    assert 'name="answer" value="c1"' in body
    assert 'name="answer" value="c3"' in body
    assert 'name="essay" value="my words"' in body
    assert 'action="/busy-probe/"' in body


def test_other_database_errors_are_not_disguised_as_busy(client, monkeypatch):
    from django.urls import clear_url_caches, path

    import lms.urls

    def broken(request):
        raise OperationalError("no such table: nowhere")

    monkeypatch.setattr(
        lms.urls, "urlpatterns", [path("broken-probe/", broken), *lms.urls.urlpatterns]
    )
    clear_url_caches()
    client.raise_request_exception = False
    try:
        response = client.get("/broken-probe/")
    finally:
        clear_url_caches()
    assert response.status_code == 500


def test_a_page_preview_in_the_admin_may_be_framed_by_the_admin(client):
    """Wagtail renders previews through a fake request for the public page; the response the
    editor's preview panel frames must carry the admin's policy, not the public 'none'."""
    from tests.factories import UserFactory, build_course

    course = build_course(lessons=1)
    lesson = course.get_children().specific().first()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    assert response.status_code == 200
    assert lesson.title in response.content.decode()
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The public page itself still refuses to be framed.
    public = client.get(lesson.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
