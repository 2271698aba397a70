"""The phone-first frame: a compact bar with the to-do count and one menu button (a <details>
disclosure, no JavaScript) holding each role's destinations."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, build_course, make_agency, make_member, start_first_lesson

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> list[str]:
    menu = html.split('<details class="site-menu">')[1].split("</details>")[0]
    return re.findall(r'<a href="([^"]+)">', menu)


def test_an_officer_gets_a_bar_with_the_to_do_count_and_a_menu_without_javascript(client):
    officer = make_member(agency=make_agency()).user
    start_first_lesson(user=officer, course=build_course(lessons=2))
    client.force_login(officer)
    client.get("/dashboard/")  # where everyone lands after sign-in: the count is worked out
    html = client.get("/certificates/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert "<script" not in header
    assert re.search(r'href="/dashboard/">To do <span class="site-header__count">1<', header)
    assert '<summary class="site-menu__button">Menu</summary>' in header
    links = menu_links(html)
    assert {"/dashboard/", "/courses/", "/certificates/", "/account/profile/"} <= set(links)
    assert "/agencies/" not in links and "/dashboard/statewide/" not in links
    assert "Sign out" in header


def test_supervisors_and_ors_get_their_destinations_in_the_menu(client):
    agency = make_agency()
    supervisor = make_member(agency=agency, role="supervisor").user
    client.force_login(supervisor)
    links = menu_links(client.get("/certificates/").content.decode())
    assert "/agencies/" in links and "/rollcall/" in links
    ors = UserFactory()
    ors.groups.add(Group.objects.get_or_create(name="ORS staff")[0])
    client.force_login(ors)
    links = menu_links(client.get("/certificates/").content.decode())
    assert "/dashboard/statewide/" in links


def test_the_to_do_count_is_not_worked_out_again_on_every_page(client):
    """Lesson and quiz pages at roll call must not pay for the to-do list's queries."""
    officer = make_member(agency=make_agency()).user
    course = build_course(lessons=2)
    start_first_lesson(user=officer, course=course)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(course.url).content.decode()
    assert not [q for q in captured.captured_queries if "lms_assignment" in q["sql"]]
    assert "site-header__count" not in html  # not known yet: "To do" alone
    client.get("/dashboard/")  # the list is built here and its count kept in the session
    with CaptureQueriesContext(connection) as captured:
        html = client.get(course.url).content.decode()
    assert not [q for q in captured.captured_queries if "lms_assignment" in q["sql"]]
    assert re.search(r'class="site-header__count">1<', html)


def test_visitors_get_sign_in_and_sign_up_without_a_menu(client):
    html = client.get("/accounts/login/").content.decode()
    assert "/accounts/login/" in html.split("</header>")[0]
    assert "<details" not in html.split("</header>")[0]
