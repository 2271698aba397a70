"""The lesson page kept whole for an officer: the site's one response cache, opted into by one
view (docs/performance.md, "The lesson page's response").

Officers read lessons at roll call, many at once, and the lesson page is the one page whose
throughput has a floor (issue 20: 15% of a plain Django view). Routing a Wagtail page and
building its context costs about thirteen queries; no query work gets that near the floor.

Nothing here is invalidated by a signal or receiver. On every request the key is worked out
afresh from the database, from everything the page shows that can change:

- the course's pages (each one's id, tree position, live state, last publication and live
  revision: a publish, unpublish, move, reorder, rename or deletion changes them), and whether
  any of its ancestors carries a view restriction (then nothing is kept: Wagtail decides);
- the officer's lesson rows and certifying ledger entries for the course, from which the
  standing is worked out with the same rule the page uses (lms.records.training_status), at this moment,
  so an expiry or a renewal window opening shows as soon as it happens;
- the unread-notification count, the to-do count the session holds, and the CSRF cookie the
  page's form tokens come from.

So whatever writes to those tables, through the ORM or not, the next request misses. Only
officers' pages are kept (anyone whose role needs MFA sees other people's records and never
gets a kept page), only plain GETs with no query string and no message waiting to be shown,
and only for LESSON_PAGE_SECONDS, which bounds memory, not correctness.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as default_cache
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.views import serve as wagtail_serve

from courses.models import CoursePage, LessonPage, LessonProgress
from lms.models import Completion, Notification
from lms.notifications.unread import remember_unread_count
from lms.offline import allow_offline_copy
from lms.records.training_status import standing_from_entries
from lms.roles import roles_for
from lms.todo_count import known_todo_count

LESSON_PAGE_SECONDS = 10 * 60
KEY_PREFIX = "lesson-page"


@dataclass(frozen=True)
class KeptLesson:
    """A lesson request's cache key, and the lesson it must turn out to be."""

    key: str
    lesson_id: int


def _columns(model, *names: str, quote) -> dict[str, str]:
    return {name: quote(model._meta.get_field(name).column) for name in names}


@cache
def _course_pages_sql(alias: str) -> str:
    """The lesson's course and everything under it, from the lesson's path below the site root.

    Written once per process and database from the models' own table and column names. Only
    when the site is the one default site (then Wagtail's routing starts from its root whatever
    the host name); with several sites nothing is kept.
    """
    quote = connections[alias].ops.quote_name
    page = _columns(Page, "id", "path", "url_path", "live", "last_published_at",
                    "live_revision", "content_type", quote=quote)  # fmt: skip
    page_table = quote(Page._meta.db_table)
    site_table = quote(Site._meta.db_table)
    site = _columns(Site, "root_page", "is_default_site", quote=quote)
    course_table = quote(CoursePage._meta.db_table)
    window = quote(CoursePage._meta.get_field("renewal_window_days").column)
    restriction_table = quote(PageViewRestriction._meta.db_table)
    restricted_page = quote(PageViewRestriction._meta.get_field("page").column)
    # Table and column names only; the path is a parameter.
    return (
        f"SELECT p.{page['id']}, p.{page['path']}, p.{page['live']}, "  # noqa: S608
        f"p.{page['last_published_at']}, p.{page['live_revision']}, p.{page['content_type']}, "
        f"c.{window}, l.{page['id']}, l.{page['content_type']}, "
        f"(SELECT COUNT(*) FROM {restriction_table} r JOIN {page_table} a "
        f"ON a.{page['id']} = r.{restricted_page} "
        f"WHERE l.{page['path']} LIKE a.{page['path']} || '%%') "
        f"FROM {page_table} l "
        f"JOIN {page_table} p ON p.{page['path']} LIKE "
        f"SUBSTR(l.{page['path']}, 1, LENGTH(l.{page['path']}) - {Page.steplen}) || '%%' "
        f"LEFT JOIN {course_table} c ON c.{quote(CoursePage._meta.pk.column)} = p.{page['id']} "
        f"WHERE l.{page['url_path']} = (SELECT root.{page['url_path']} FROM {site_table} s "
        f"JOIN {page_table} root ON root.{page['id']} = s.{site['root_page']} "
        f"WHERE s.{site['is_default_site']}) || %s "
        f"AND (SELECT COUNT(*) FROM {site_table}) = 1 "
        f"ORDER BY p.{page['path']}"
    )


def _course_pages(path: str):
    """(lesson id, course id, renewal window, page rows), or None when this is not one lesson
    that may be kept (another kind of page, a view restriction above it, several sites)."""
    alias = router.db_for_read(Page)
    with connections[alias].cursor() as cursor:
        cursor.execute(_course_pages_sql(alias), [path])
        rows = cursor.fetchall()
    if not rows:
        return None
    course_row = rows[0]  # the shortest path: the course itself
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk  # kept by Django per process
    if (
        course_row[6] is None
        or {row[7] for row in rows} != {rows[0][7]}
        or rows[0][8] != lesson_type
        or any(row[9] for row in rows)
    ):
        return None
    return rows[0][7], course_row[0], course_row[6], [row[:6] for row in rows]


@cache
def _officer_sql(alias: str) -> str:
    """The officer's lesson rows and certifying ledger entries for one course, and their unread
    notification count, in one statement (written once per process and database)."""
    quote = connections[alias].ops.quote_name
    progress = _columns(LessonProgress, "user", "course", "lesson", "started_at",
                        "completed_at", quote=quote)  # fmt: skip
    ledger = _columns(Completion, "id", "user", "course", "kind", "completed_at", "expires_at",
                      quote=quote)  # fmt: skip
    note = _columns(Notification, "recipient", "read_at", quote=quote)
    # Table and column names only; values are parameters.
    return (
        f"SELECT 1, {progress['lesson']}, {progress['started_at']}, "  # noqa: S608
        f"{progress['completed_at']} "
        f"FROM {quote(LessonProgress._meta.db_table)} "
        f"WHERE {progress['user']} = %s AND {progress['course']} = %s "
        f"UNION ALL SELECT 2, {ledger['id']}, {ledger['completed_at']}, {ledger['expires_at']} "
        f"FROM {quote(Completion._meta.db_table)} "
        f"WHERE {ledger['user']} = %s AND {ledger['course']} = %s AND {ledger['kind']} = %s "
        f"UNION ALL SELECT 3, COUNT(*), NULL, NULL FROM {quote(Notification._meta.db_table)} "
        f"WHERE {note['recipient']} = %s AND {note['read_at']} IS NULL "
        "ORDER BY 1, 2"
    )


def _moment(value):
    """A datetime column as the ORM would return it (SQLite hands back text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _officer_facts(*, user_id: int, course_id: int, window_days: int, now):
    """What the page shows of the officer: lesson rows, standing at this moment, unread count."""
    alias = router.db_for_read(LessonProgress)
    params = [user_id, course_id, user_id, course_id, Completion.Kind.CERTIFYING, user_id]
    with connections[alias].cursor() as cursor:
        cursor.execute(_officer_sql(alias), params)
        rows = [(kind, ref, _moment(a), _moment(b)) for kind, ref, a, b in cursor.fetchall()]
    progress = [row[1:] for row in rows if row[0] == 1]
    entries = [row[1:] for row in rows if row[0] == 2]
    unread = next(row[1] for row in rows if row[0] == 3)
    standing = standing_from_entries(
        [(done, until) for _, done, until in entries],
        has_activity=bool(progress),
        window_days=window_days,
        now=now,
    )
    return progress, entries, standing.status, standing.cycle_start, unread


def keep_key(request: HttpRequest, path: str) -> KeptLesson | None:
    """The key this lesson request is kept under, or None when it must not be kept."""
    if request.method != "GET" or request.GET or getattr(request, "is_preview", False):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or roles_for(request).needs_mfa:
        return None
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf_cookie or len(messages.get_messages(request)):
        return None
    found = _course_pages(path)
    if found is None:
        return None
    lesson_id, course_id, window_days, pages = found
    officer = _officer_facts(
        user_id=user.pk, course_id=course_id, window_days=window_days, now=timezone.now()
    )
    remember_unread_count(request, officer[-1])  # the header shows it when the page is rendered
    facts = (path, pages, officer, known_todo_count(request), csrf_cookie)
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()
    return KeptLesson(key=f"{KEY_PREFIX}:{user.pk}:{digest}", lesson_id=lesson_id)


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with an officer's lesson page kept whole under keep_key."""
    kept = keep_key(request, path)
    if kept is not None:
        content = default_cache.get(kept.key)
        if content is not None:
            allow_offline_copy(request)  # as the page's context does when it is rendered
            return HttpResponse(content)
    response = wagtail_serve(request, path)
    if kept is not None and _is_that_lesson(request, response, kept.lesson_id):
        _keep_when_rendered(response, kept.key)
    return response


def _keep_when_rendered(response: HttpResponse, key: str) -> None:
    def keep(rendered: HttpResponse) -> None:
        default_cache.set(key, rendered.content, LESSON_PAGE_SECONDS)

    if getattr(response, "is_rendered", True):
        keep(response)
    else:  # a TemplateResponse, rendered after the view returns
        response.add_post_render_callback(keep)


def _is_that_lesson(request: HttpRequest, response: HttpResponse, lesson_id: int) -> bool:
    route = getattr(request, "_wagtail_route_for_request", None)
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not getattr(response, "streaming", False)
        and route is not None
        and route[0].pk == lesson_id
    )
