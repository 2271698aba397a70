"""The QR code on a printed certificate opens the verification page of the server that printed
it; every absolute link comes from the one configured site address."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.demo import CARD_BODY
from certificates.models import QuickReferenceCard
from lms.checks import check_site_url
from tests.printed import qr_codes

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture
def certificate(design, officer, course, complete):
    return complete(officer, course).certificates.get()


def test_the_qr_code_decoded_from_the_certificate_pdf_opens_the_verify_page_saying_valid(
    client, settings, certificate
):
    settings.SITE_URL = "http://127.0.0.1:8801"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    client.force_login(certificate.completion.user)
    response = client.get(reverse("certificates:download", kwargs={"code": certificate.code}))
    pdf = b"".join(response.streaming_content)

    [decoded] = qr_codes(pdf)

    address = urlsplit(decoded)
    assert f"{address.scheme}://{address.netloc}" == "http://127.0.0.1:8801"
    client.logout()
    page = client.get(address.path, HTTP_HOST=address.netloc)
    assert page.status_code == 200
    assert "Valid" in page.content.decode()
    assert certificate.code in page.content.decode()


def test_the_generic_wallet_cards_qr_code_opens_the_online_card_on_the_site_address(
    client, settings, course
):
    settings.SITE_URL = "http://127.0.0.1:8801"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    card = QuickReferenceCard.objects.create(
        slug="officer-card", title="Overdose: respond", body=CARD_BODY, course=course
    )
    url = reverse("certificates:card_wallet", kwargs={"slug": card.slug, "version": card.version})

    [decoded] = qr_codes(client.get(url).content, 1, dpi=400)  # on the back

    address = urlsplit(decoded)
    assert f"{address.scheme}://{address.netloc}" == "http://127.0.0.1:8801"
    page = client.get(address.path, HTTP_HOST=address.netloc)
    assert page.status_code == 200
    assert "Overdose: respond" in page.content.decode()


def test_a_renewed_certificates_record_links_to_the_current_one_on_the_site_address(
    client, settings, design, officer, course, complete
):
    settings.SITE_URL = "http://127.0.0.1:8801"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    old = complete(
        officer, course, completed_at=timezone.now() - dt.timedelta(days=700)
    ).certificates.get()
    new = complete(officer, course).certificates.get()

    record = client.get(reverse("certificates:verify_json", kwargs={"code": old.code})).json()

    assert record["verification_url"] == f"http://127.0.0.1:8801/verify/{old.code}/"
    current = urlsplit(record["superseded_by_url"])
    assert f"{current.scheme}://{current.netloc}" == "http://127.0.0.1:8801"
    page = client.get(current.path, HTTP_HOST=current.netloc).content.decode()
    assert "Valid" in page and new.code in page


@pytest.mark.parametrize(("port", "expected"), [("8801", "8801"), (None, "8000")])
def test_make_run_builds_links_on_the_port_runserver_listens_on(port, expected):
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    if port:
        environment["PORT"] = port
    printed = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from django.conf import settings; from lms.conf import app_settings; "
         "print(app_settings.site_url); print(settings.WAGTAILADMIN_BASE_URL)"],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert printed == [f"http://127.0.0.1:{expected}"] * 2


def test_the_makefile_passes_its_port_to_the_settings():
    makefile = (REPOSITORY / "Makefile").read_text()
    assert "export PORT" in makefile
    assert "runserver 127.0.0.1:$(PORT)" in makefile


def test_the_demo_points_wagtails_site_at_the_site_address(db, settings):
    from wagtail.models import Site

    from cms.demo.site import load_site_address

    settings.SITE_URL = "http://127.0.0.1:8801"
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost"})
    out = io.StringIO()
    load_site_address(out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8801)
    assert site.root_url == "http://127.0.0.1:8801"
    assert "http://127.0.0.1:8801/" in out.getvalue()


def test_a_site_url_whose_host_is_not_allowed_is_warned_about(settings):
    settings.SITE_URL = "https://training.example.org"
    settings.ALLOWED_HOSTS = ["localhost"]
    [warning] = check_site_url()
    assert warning.id == "lms.W006"
    assert "training.example.org" in warning.msg
    settings.ALLOWED_HOSTS = [".example.org"]
    assert check_site_url() == []


def test_a_site_url_that_is_not_an_address_is_warned_about(settings):
    settings.SITE_URL = "training.example.org"
    assert [w.id for w in check_site_url()] == ["lms.W005"]


def test_manage_check_reports_the_site_url_warning(settings, capsys):
    settings.SITE_URL = "https://elsewhere.example.net"
    call_command("check")
    assert "lms.W006" in capsys.readouterr().err
