"""Wagtail's admin is for ORS staff only: every admin route that takes an id, code or slug
(edit, delete, preview, history, revisions, compare, copy, choosers, form submissions,
reports, ...) refuses agency people and anonymous visitors.

The routes are found by walking the URL resolver under admin/, so a route added by a new app,
snippet viewset or chooser is covered without anyone adding it here. Each keyword is filled
with a real object of agency A where one fits (its page, revision, officer, membership), so a
route that opened to agency people would show agency A's data and fail here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import build_course, make_agency, make_member
from tests.security.url_walk import walk_urlpatterns

ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class AdminRoute:
    name: str
    pattern: str
    converters: tuple[tuple[str, str], ...]  # (keyword, converter class name)

    def __str__(self) -> str:
        return self.pattern


def _walk() -> Iterator[AdminRoute]:
    for namespaces, pattern, entry in walk_urlpatterns():
        converters = getattr(entry.pattern, "converters", None) or {}
        # A re_path (revisions compare) has named groups instead of converters.
        kinds = tuple((kw, type(c).__name__) for kw, c in converters.items()) or tuple(
            (kw, "regex") for kw in entry.pattern.regex.groupindex
        )
        name = ":".join((*namespaces, entry.name or ""))
        if pattern.startswith(ADMIN_PREFIX) and kinds and entry.name:
            yield AdminRoute(name=name, pattern=pattern, converters=kinds)


ADMIN_ROUTES = sorted(set(_walk()), key=lambda r: r.pattern)


@pytest.fixture
def agency_a(db, settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests; here the views must answer
    agency = make_agency(name="Agency A")
    officer = make_member(agency=agency, role="officer", unit="Day shift")
    course = build_course(title="Naloxone leave-behind")
    revision = course.save_revision()
    values = {
        "page_id": course.pk,
        "parent_page_id": course.get_parent().pk,
        "revision_id": revision.pk,
        "user_id": officer.user_id,
        "membership_id": officer.pk,
        "pk": agency.pk,
        "agency_id": agency.pk,
    }
    return agency, officer, values


def _url(route: AdminRoute, values: dict) -> str:
    """The route with agency A's objects where a keyword names one, plain values elsewhere.

    Access is decided before any lookup, so a plain value still shows whether the door is shut.
    """
    kwargs = {}
    for keyword, converter in route.converters:
        if keyword in values:
            kwargs[keyword] = values[keyword]
        elif converter in {"IntConverter", "regex"}:
            kwargs[keyword] = values["pk"]
        elif converter == "UUIDConverter":
            kwargs[keyword] = "00000000-0000-4000-8000-000000000000"
        else:
            kwargs[keyword] = "1"
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:  # a keyword that wants another shape (app labels, model names)
        return reverse(route.name, kwargs=dict.fromkeys(kwargs, "lms"))


def _refused(response) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith("/accounts/login/")
    return response.status_code in {403, 404}


def test_the_walk_finds_wagtails_secondary_views():
    patterns = " ".join(route.pattern for route in ADMIN_ROUTES)
    for part in ("preview", "history", "revisions", "compare", "copy", "chooser", "submissions"):
        assert part in patterns, f"no admin route with {part!r} found"
    assert "admin/snippets/lms/agency/edit/<int:pk>/" in patterns


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "officer", "supervisor", "agency_admin", "own"])
def test_admin_routes_refuse_agency_people_and_anonymous_visitors(client, agency_a, who):
    agency, officer, values = agency_a
    if who == "own":  # even agency A's own supervisor: the admin shows every agency
        client.force_login(make_member(agency=agency, role="supervisor").user)
    elif who != "anonymous":
        other = make_agency(name="Agency B")
        client.force_login(make_member(agency=other, role=who).user)
    opened = []
    for route in ADMIN_ROUTES:
        url = _url(route, values)
        response = client.get(url)
        if response.status_code == 405:  # POST-only: the change must be refused as well
            response = client.post(url)
        if not _refused(response):
            opened.append(f"{url} ({route.name}) answered {response.status_code}")
        elif officer.user.email.encode() in response.content:
            opened.append(f"{url} ({route.name}) named agency A's officer")
    assert not opened, f"admin routes open to {who}:\n" + "\n".join(opened)
