"""Behind a load balancer every per-address limit counts each client, not the proxy; with no
proxy trusted, a forged X-Forwarded-For does not buy a fresh allowance."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lms.checks import check_trusted_proxy
from lms.client_ip import client_ip, client_network
from tests.cms.test_registration import valid_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"  # the load balancer, as the app server sees it
ALICE, BOB = "198.51.100.7", "203.0.113.9"


def wrong_join_code(client, n, **meta):
    return client.get(f"/join/WRONGCODE{n}/", **meta)


def unknown_certificate(client, n, **meta):
    return client.get(reverse("certificates:verify", kwargs={"code": "RC-2222-2222"}), **meta)


def program_registration(client, n, **meta):
    return client.post("/register-program/", valid_data(agency_name=f"Example PD {n}"), **meta)


def failed_sign_in(client, n, **meta):
    credentials = {"login": f"nobody{n}@example.org", "password": "not-the-password"}
    return client.post(reverse("account_login"), credentials, **meta)


def is_refused(response) -> bool:
    return response.status_code == 429 or b"Too many failed login attempts" in response.content


LIMITED = [wrong_join_code, unknown_certificate, program_registration, failed_sign_in]


@pytest.fixture(autouse=True)
def _three_attempts_everywhere(settings):
    settings.ROLLCALL_JOIN_RATE_LIMIT = (3, 600)
    settings.CERTIFICATES_VERIFY_LIMIT = 3
    settings.CMS_REGISTRATION_RATE_LIMIT = 3
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}


def exhaust(attempt, client, **meta):
    for n in range(4):
        response = attempt(client, n, **meta)
    assert is_refused(response), response.status_code


@pytest.mark.parametrize("attempt", LIMITED, ids=lambda f: f.__name__)
def test_two_clients_behind_a_trusted_proxy_are_limited_separately(client, settings, attempt):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    exhaust(attempt, client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE)
    assert not is_refused(attempt(client, 9, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=BOB))


@pytest.mark.parametrize("attempt", LIMITED, ids=lambda f: f.__name__)
def test_a_client_header_set_by_the_proxy_separates_clients(client, settings, attempt):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    exhaust(attempt, client, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ALICE)
    assert not is_refused(attempt(client, 9, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=BOB))


@pytest.mark.parametrize("attempt", LIMITED, ids=lambda f: f.__name__)
def test_a_forged_forwarded_for_does_not_escape_a_limit_when_no_proxy_is_trusted(client, attempt):
    for n in range(4):
        response = attempt(client, n, REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert is_refused(response)


@pytest.mark.parametrize("attempt", LIMITED, ids=lambda f: f.__name__)
def test_behind_a_trusted_proxy_a_forged_entry_before_the_proxys_own_is_ignored(
    client, settings, attempt
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(4):
        # The client sends its own X-Forwarded-For; the proxy appends the address it saw.
        forwarded = f"192.0.2.{n}, {ALICE}"
        response = attempt(client, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert is_refused(response)


def test_the_helper_agrees_with_allauth_and_counts_an_ipv6_subscriber_as_one(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ALICE}, 10.0.0.4"
    )
    assert client_ip(request) == ALICE
    first = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    second = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")
    assert client_network(first) == client_network(second) == "2001:db8:1:2::"


def test_a_missing_trusted_header_puts_the_request_in_one_shared_bucket(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=ALICE)) == "unknown"


def test_production_settings_read_the_trusted_proxy_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "TRUSTED_PROXY_COUNT": "2",
        "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "VAR_DIR": str(tmp_path),
    }
    code = (
        "import django; django.setup(); from allauth import app_settings as a; "
        "print(a.TRUSTED_PROXY_COUNT, a.TRUSTED_CLIENT_IP_HEADER)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["2", "X-Real-IP"]


def test_deploy_check_warns_behind_a_tls_proxy_with_no_proxy_trusted(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert [p.id for p in check_trusted_proxy()] == ["lms.W003"]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert check_trusted_proxy() == []


# --- Requests whose client address cannot be told -------------------------------------------
# Behind a CDN and a load balancer (two trusted proxies), a visitor who reaches the balancer
# directly carries one X-Forwarded-For entry; with a trusted header, a request without it. Such
# a request cannot be told apart from anyone else's: sign-in refuses it (never a server error),
# and our limits count all of them as one address, so rotating forged values buys nothing.


@pytest.mark.parametrize(
    ("setting", "meta"),
    [
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": 2}, {"HTTP_X_FORWARDED_FOR": ALICE}),
        ({"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, {}),
    ],
    ids=["one-entry-short", "trusted-header-missing"],
)
def test_sign_in_refuses_a_request_whose_address_cannot_be_told(
    client, settings, setting, meta, user, password
):
    for name, value in setting.items():
        setattr(settings, name, value)
    for login_password in ("not-the-password", password):
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": login_password},
            REMOTE_ADDR=PROXY,
            **meta,
        )
        assert response.status_code == 403, response.status_code
        assert b"You can't do that here" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("attempt", [wrong_join_code, unknown_certificate, program_registration])
def test_requests_whose_address_cannot_be_told_share_one_allowance(client, settings, attempt):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    for n in range(4):
        # Each claims another single address: none came through both proxies.
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        response = attempt(client, n, REMOTE_ADDR=PROXY, **forged)
    assert is_refused(response)
