"""allauth is the only way in, with its rate limits; passwords and the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_wagtails_own_login_page_sends_people_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_posting_credentials_to_wagtails_login_does_not_sign_in(client, user, password):
    response = client.post("/admin/login/", {"username": user.email, "password": password})
    assert response.status_code in {302, 405}
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_wagtails_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_django_admin_is_not_installed(client):
    # No /django-admin/ login that could bypass allauth's rate limits and MFA.
    assert client.get("/django-admin/").status_code == 404


def test_sign_in_is_throttled_after_five_failures_for_one_account(client, user, password):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-guess"})
        assert "not correct" in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize(
    "candidate",
    [
        "short-pass-12",  # under 15 characters
        "password12345678",  # common
        "naloxone-kit-2026-spring",  # site word
        "my-rollcall-training-2026",  # site word
        "123456789012345678",  # numeric
    ],
)
def test_weak_passwords_are_refused(candidate):
    with pytest.raises(ValidationError):
        validate_password(candidate)


def test_a_password_built_on_the_persons_own_name_is_refused():
    person = UserFactory.build(
        email="kowalczyk@example.org", first_name="Anna", last_name="Kowalczyk"
    )
    with pytest.raises(ValidationError) as excinfo:
        validate_password("kowalczyk-summer-2026!", user=person)
    assert "your own name" in " ".join(excinfo.value.messages)


def test_a_long_unrelated_passphrase_is_accepted():
    validate_password("amber-kettle-harbor-quiet-2026")


def _actions_for(user) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(user.pk))
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


def test_sign_ins_failures_and_sign_outs_are_audited(client, user, password):
    client.post("/accounts/login/", {"login": user.email, "password": "wrong-guess"})
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/logout/")
    assert _actions_for(user) == ["rollcall.login_failed", "rollcall.login", "rollcall.logout"]


def test_deactivation_is_audited(user):
    user.is_active = False
    user.save()
    assert "rollcall.deactivated" in _actions_for(user)


def test_audit_entries_appear_in_wagtails_site_history_for_admins(client, user, password, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    admin = UserFactory(is_superuser=True)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/logout/")
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/results/?action=rollcall.login")
    assert response.status_code == 200
    assert "Signed in" in response.content.decode()


def test_unknown_audit_actions_are_refused(user):
    from lms.audit import audit_event

    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_event(instance=user, action="rollcall.nonsense")
