"""MFA (allauth TOTP) is required for supervisors, agency administrators and ORS staff."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.core.checks import Error, Warning
from django.urls import reverse

from lms.access import ORS_STAFF_GROUP
from lms.checks import check_mfa_settings
from tests.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db
SETUP_URL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def enforce(settings):
    settings.ROLLCALL_ENFORCE_MFA = True


def person(role, agency):
    if role == "ors_staff":
        user = UserFactory()
        user.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
        return user
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return make_member(agency=agency, role=role).user


@pytest.mark.usefixtures("enforce")
@pytest.mark.parametrize("role", ["supervisor", "agency_admin", "ors_staff", "superuser"])
def test_roles_that_need_mfa_are_sent_to_set_it_up_before_anything_else(client, capital, role):
    client.force_login(person(role, capital))
    for url in ["/", "/agencies/", f"/agencies/{capital.pk}/", "/admin/", "/dashboard/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP_URL, url


@pytest.mark.usefixtures("enforce")
@pytest.mark.parametrize("role", ["supervisor", "ors_staff"])
def test_after_log_in_they_land_on_set_up_and_log_out_and_static_stay_reachable(
    client, capital, role, password
):
    user = person(role, capital)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )
    chain = [url for url, _ in response.redirect_chain]
    assert SETUP_URL in chain
    # allauth asks for the password again before showing the secret (its own reauthentication).
    assert chain[-1].startswith("/accounts/reauthenticate/")
    assert response.status_code == 200
    assert client.get("/static/css/site.css").status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert not client.get(SETUP_URL).wsgi_request.user.is_authenticated


def admin_group(name: str) -> Group:
    """A group that grants nothing but the way into the Wagtail admin."""
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


@pytest.mark.usefixtures("enforce")
@pytest.mark.parametrize("group_name", ["ORS Authors", "ORS Reviewers", "Toolkit editors"])
def test_anyone_the_admin_lets_in_is_sent_to_mfa_set_up_before_the_admin(
    client, group_name, password
):
    group = Group.objects.filter(name=group_name).first() or admin_group(group_name)
    author = UserFactory()
    author.groups.add(group)
    response = client.post(reverse("account_login"), {"login": author.email, "password": password})
    assert response.status_code == 302
    for url in ["/admin/", "/admin/pages/", "/dashboard/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP_URL, url


@pytest.mark.usefixtures("enforce")
def test_staff_without_any_group_are_sent_to_mfa_set_up(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/")["Location"] == SETUP_URL


@pytest.mark.usefixtures("enforce")
def test_an_author_with_totp_set_up_reaches_the_admin(client):
    author = UserFactory()
    author.groups.add(Group.objects.get(name="ORS Authors"))
    TOTP.activate(author, generate_totp_secret())
    client.force_login(author)
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("enforce")
def test_roles_a_session_remembered_under_older_rules_are_worked_out_again(client):
    """A session from before admin access needed MFA, when roles were kept in the session, must
    not keep the old answer: roles are worked out on every request."""
    author = UserFactory()
    author.groups.add(Group.objects.get(name="ORS Authors"))
    client.force_login(author)
    session = client.session
    old_roles = {"is_ors_staff": False, "supervises_any": False, "needs_mfa": False}
    session["lms_roles"] = {"user": author.pk, "stamp": "old", "roles": old_roles}
    session.save()
    assert client.get("/admin/")["Location"] == SETUP_URL


@pytest.mark.usefixtures("enforce")
def test_supervisor_with_totp_set_up_uses_the_site(client, capital):
    supervisor = person("supervisor", capital)
    TOTP.activate(supervisor, generate_totp_secret())
    client.force_login(supervisor)
    assert client.get(f"/agencies/{capital.pk}/").status_code == 200


@pytest.mark.usefixtures("enforce")
def test_removing_the_authenticator_sends_the_supervisor_back_to_set_up(client, capital):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_removed

    supervisor = person("supervisor", capital)
    totp = TOTP.activate(supervisor, generate_totp_secret())
    client.force_login(supervisor)
    response = client.get(f"/agencies/{capital.pk}/")
    assert response.status_code == 200
    Authenticator.objects.filter(user=supervisor).delete()
    authenticator_removed.send(
        sender=Authenticator,
        request=response.wsgi_request,
        user=supervisor,
        authenticator=totp.instance,
    )
    response.wsgi_request.session.save()
    # The test client's session is the same one the request used.
    assert client.get(f"/agencies/{capital.pk}/")["Location"] == SETUP_URL


@pytest.mark.usefixtures("enforce")
def test_officers_are_not_asked_for_mfa(client, capital):
    client.force_login(person("officer", capital))
    response = client.get(reverse("lms:join_start"))
    assert response.status_code == 200


@pytest.mark.usefixtures("enforce")
def test_an_ended_supervisor_membership_no_longer_requires_mfa(client, capital):
    membership = make_member(agency=capital, role="supervisor", status="ended")
    client.force_login(membership.user)
    assert client.get(reverse("lms:join_start")).status_code == 200


def test_enforcement_off_lets_supervisors_in_without_mfa(client, capital, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    client.force_login(person("supervisor", capital))
    assert client.get(f"/agencies/{capital.pk}/").status_code == 200


def test_production_settings_keep_enforcement_on():
    from pathlib import Path

    source = Path("lms/settings/production.py").read_text()
    assert "ROLLCALL_ENFORCE_MFA = True" in source


def test_system_check_reports_enforcement_without_totp(settings):
    settings.ROLLCALL_ENFORCE_MFA = True
    settings.MFA_SUPPORTED_TYPES = ["recovery_codes"]
    problems = check_mfa_settings()
    assert any(isinstance(p, Error) and p.id == "lms.E001" for p in problems)


def test_system_check_reports_enforcement_without_the_middleware(settings):
    settings.ROLLCALL_ENFORCE_MFA = True
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "lms.people.mfa.RequireMfaMiddleware"
    ]
    assert [p.id for p in check_mfa_settings()] == ["lms.E002"]


def test_system_check_warns_when_enforcement_is_off_outside_debug(settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    settings.DEBUG = False
    problems = check_mfa_settings()
    assert [(type(p), p.id) for p in problems] == [(Warning, "lms.W001")]


def test_system_check_is_quiet_for_consistent_settings(settings):
    settings.ROLLCALL_ENFORCE_MFA = True
    assert check_mfa_settings() == []
