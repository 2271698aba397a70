"""The account section: one sub-navigation over our pages and allauth's, and the name and badge
number certificates print, corrected by the officer (audited)."""

from __future__ import annotations

import pytest
from wagtail.models import ModelLogEntry

from tests.factories import UserFactory, make_agency, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    agency = make_agency(name="Capital City Police Department")
    return make_member(
        agency=agency, badge_number="417", user=UserFactory(first_name="Dana", last_name="Rey")
    ).user


@pytest.mark.parametrize(
    "url",
    [
        "/account/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/sessions/",
    ],
)
def test_every_account_page_shares_the_account_sub_navigation(client, officer, url):
    client.force_login(officer)
    html = client.get(url).content.decode()
    assert 'aria-label="Account settings"' in html
    for label in ["Name and badge", "E-mail", "Password", "Two-factor authentication", "Sessions"]:
        assert f">{label}</a>" in html
    assert 'aria-current="page"' in html


def test_the_officer_corrects_name_and_badge_and_the_change_is_audited(client, officer):
    client.force_login(officer)
    response = client.post(
        "/account/profile/",
        {"first_name": "  Dana ", "last_name": "Reyes-Ortiz", "badge_number": "4170"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.get_full_name() == "Dana Reyes-Ortiz"
    assert officer.memberships.get().badge_number == "4170"
    entry = ModelLogEntry.objects.get(action="rollcall.profile_changed")
    assert entry.object_id == str(officer.pk) and entry.user_id == officer.pk
    assert entry.data["last_name"] == {"from": "Rey", "to": "Reyes-Ortiz"}
    assert entry.data["badge_number (Capital City Police Department)"]["to"] == "4170"


def test_a_bad_name_or_badge_is_refused_with_a_message_and_nothing_saved(client, officer):
    client.force_login(officer)
    response = client.post(
        "/account/profile/", {"first_name": "   ", "last_name": "Reyes", "badge_number": "<b>"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html or "Enter your name as it should print." in html
    assert "Use letters, digits, spaces, dots, slashes or hyphens only." in html
    officer.refresh_from_db()
    assert officer.last_name == "Rey" and officer.memberships.get().badge_number == "417"
    assert not ModelLogEntry.objects.filter(action="rollcall.profile_changed").exists()


def test_someone_without_an_officer_membership_has_no_badge_field(client):
    person = UserFactory()
    client.force_login(person)
    html = client.get("/account/profile/").content.decode()
    assert 'name="first_name"' in html and 'name="badge_number"' not in html
    response = client.post("/account/profile/", {"first_name": "Sam", "last_name": "Lee"})
    assert response.status_code == 302


def test_the_profile_page_needs_sign_in_and_csrf(client, officer):
    assert client.get("/account/profile/").status_code == 302
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post("/account/profile/", {"first_name": "X", "last_name": "Y"})
    assert response.status_code == 403
