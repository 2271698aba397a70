"""The Wagtail admin as ORS staff meet it: product branding, no third-party requests, the
statewide dashboard and help requests one click from the menu."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ors_staff():
    return UserFactory(is_staff=True, is_superuser=True, email="ors.lead@ors.example.org")


def test_admin_pages_load_nothing_from_third_parties(client, ors_staff):
    client.force_login(ors_staff)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    loaded = re.findall(r'\bsrc="([^"]+)"', html) + re.findall(
        r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html
    )
    assert loaded
    assert [url for url in loaded if url.startswith(("http:", "https:", "//"))] == []


def test_admin_shows_the_product_name_and_mark(client, ors_staff):
    client.force_login(ors_staff)
    html = client.get("/admin/").content.decode()
    assert "Roll Call LMS admin</title>" in html
    assert 'alt="Roll Call LMS"' in html


def test_ors_staff_reach_the_statewide_dashboard_and_help_requests_from_the_menu(client, ors_staff):
    client.force_login(ors_staff)
    html = client.get("/admin/").content.decode()
    assert "/dashboard/statewide/" in html
    assert "Help requests" in html
    assert client.get("/dashboard/statewide/").status_code == 200


def test_authors_do_not_see_the_statewide_menu_item(client):
    author = UserFactory(email="author@ors.example.org")
    author.groups.add(Group.objects.get(name="ORS Authors"))
    client.force_login(author)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/dashboard/statewide/" not in response.content.decode()


def test_question_listing_says_whether_a_question_is_in_use(client, ors_staff):
    from courses.quiz.bank import create_question

    create_question(
        text="Which nostril for the second dose?",
        kind="single",
        choices=[("The other nostril", True), ("The same nostril", False)],
    )
    client.force_login(ors_staff)
    html = client.get("/admin/snippets/quiz/question/").content.decode()
    assert "Which nostril for the second dose?" in html
    assert "Active" in html
    assert ">True<" not in html.replace(" ", "").replace("\n", "")
