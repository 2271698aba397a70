"""The signed-in person's account row, kept under their access stamp (lms.auth_backends).

It saves a query on every request, and must never outlive a change: deactivation, a new
password or deletion ends the session on the very next request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/quiz/history/"  # any page for signed-in people that the page cache does not keep


def account_reads(client) -> tuple[int, int]:
    """(status, queries that read the account row) for one GET of PAGE."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    reads = [q for q in captured.captured_queries if q["sql"].startswith('SELECT "lms_user"')]
    return response.status_code, len(reads)


@pytest.fixture
def officer_client():
    officer = UserFactory()
    client = Client()
    client.force_login(officer)
    client.get(PAGE)  # the account is kept from here on
    return officer, client


def test_a_signed_in_person_is_not_read_from_the_database_again(officer_client):
    _, client = officer_client
    assert account_reads(client) == (200, 0)


def test_the_account_comes_with_the_stamps_in_one_round_trip(officer_client, monkeypatch):
    """The account and every stamp the request needs (roles included) in one cache read."""
    from django.core.cache import cache

    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: reads.append(keys) or get_many(keys))
    _, client = officer_client
    assert account_reads(client) == (200, 0)
    assert len(reads) == 1, reads


def test_a_deactivated_person_is_signed_out_on_the_next_request(officer_client):
    officer, client = officer_client
    officer.is_active = False
    officer.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_password_ends_the_other_sessions_on_the_next_request(officer_client):
    officer, client = officer_client
    officer.set_password("a different long passphrase 2026")
    officer.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deleted_person_is_signed_out_on_the_next_request(officer_client):
    officer, client = officer_client
    officer.delete()
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_change_to_the_account_is_read_once_and_then_kept(officer_client):
    officer, client = officer_client
    officer.first_name = "Renamed"
    officer.save()
    assert account_reads(client) == (200, 1)
    assert account_reads(client) == (200, 0)


def test_without_shared_stamps_the_account_is_read_every_time(officer_client, settings):
    settings.ROLLCALL_SHARED_CACHE = False
    _, client = officer_client
    assert account_reads(client) == (200, 1)
