from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import OperationalError, connection

from certificates.credentials.keys import new_private_key_pem
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
STRONG_PASSWORD = "amber-kettle-harbor-quiet-2026"


def test_home_page_is_served_at_the_site_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Roll Call LMS" in response.content
    assert b'<main id="main"' in response.content


def test_health_reports_ok_with_a_working_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "sessions": "ok",
    }


def test_health_reports_503_naming_the_database_when_it_is_down(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "unavailable"
    assert "database" in body["failed"]
    # The reason is for the operator's log, not for anyone who asks.
    assert "could not connect" not in response.content.decode()
    assert "database unavailable: could not connect" in caplog.text


def test_admin_and_allauth_pages_are_reachable(client):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signup_by_email_creates_a_user_with_names_and_signs_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Zoë",
            "last_name": "Ångström",
            "email": "zoe@example.org",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="zoe@example.org")
    assert (user.first_name, user.last_name) == ("Zoë", "Ångström")
    assert client.get("/").wsgi_request.user == user


def test_signup_requires_first_and_last_name(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "noname@example.org", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not get_user_model().objects.filter(email="noname@example.org").exists()


def test_signup_refuses_short_passwords(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "short@example.org",
            "password1": "short-pass-1",
            "password2": "short-pass-1",
        },
    )
    assert response.status_code == 200
    assert "at least 15 characters" in response.content.decode()
    assert not get_user_model().objects.filter(email="short@example.org").exists()


def test_duplicate_email_in_another_case_is_refused_with_a_clear_message(client):
    UserFactory(email="officer@example.org")
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Other",
            "last_name": "Person",
            "email": "OFFICER@Example.org",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "already registered with this email" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="officer@example.org").count() == 1


def test_duplicate_email_with_mandatory_verification_reveals_nothing_but_warns_the_owner(
    client, settings
):
    """In production (verification mandatory) sign-up must not reveal which e-mails exist."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    UserFactory(email="officer@example.org")
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Other",
            "last_name": "Person",
            "email": "Officer@example.org",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
        follow=True,
    )
    assert "Verify Your Email Address" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="officer@example.org").count() == 1
    # The owner of the existing account is told someone tried to sign up with it.
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]


def test_the_database_refuses_a_second_user_with_the_same_email_in_another_case():
    from django.db import IntegrityError, transaction

    UserFactory(email="case@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user(
            email="CASE@example.org", password="x", first_name="A", last_name="B"
        )


def test_login_by_email_and_logout(client, password):
    user = UserFactory(email="login@example.org")
    response = client.post("/accounts/login/", {"login": "LOGIN@example.org", "password": password})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_login_with_a_wrong_password_shows_a_clear_message(client):
    UserFactory(email="login@example.org")
    response = client.post("/accounts/login/", {"login": "login@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_unverified_signup_gets_a_verification_email_record(client):
    client.post(
        "/accounts/signup/",
        {
            "first_name": "New",
            "last_name": "Officer",
            "email": "new@example.org",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    address = EmailAddress.objects.get(email="new@example.org")
    assert address.verified is False
    assert len(mail.outbox) == 1


def _run_manage(*args: str, env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    ignored = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_manage(
        "check", env_overrides={"DJANGO_SETTINGS_MODULE": "lms.settings.production"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": "x7#k2!p9-" + "q" * 20 + "-Lm4$w8zR0vT6yN3bH1cJ5",
            "ALLOWED_HOSTS": "rollcall.example.org",
            "SITE_URL": "https://rollcall.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "TRUSTED_PROXY_COUNT": "1",  # the TLS proxy in front (docs/security.md)
            # Open Badges credentials are signed with the site's own key (certificates.W002).
            "CREDENTIAL_SIGNING_KEY": new_private_key_pem(),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
