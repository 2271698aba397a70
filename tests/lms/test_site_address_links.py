"""The join QR code, the roll-call check-in QR code and the e-mailed invitation links open on the
configured site address (SITE_URL: `PORT=8801 make run` serves and encodes 8801), whatever
host the supervisor's browser used, and each opens the page it promises there."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from lms.models import Invitation
from tests.factories import UserFactory, start_briefing_session
from tests.printed import inline_svgs, svg_qr_codes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
SITE = "http://127.0.0.1:8801"
ROSTER = (
    "First name,Last name,E-mail,Badge,Rank,Unit\n"
    "Ana,Ortiz,ana.ortiz@capital-city-pd.example.org,311,Police Officer,Day shift\n"
)


@pytest.fixture(autouse=True)
def site_on_port_8801(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


def on_the_site(url: str) -> str:
    """The path of `url`, after checking it points at the configured site."""
    address = urlsplit(url)
    assert f"{address.scheme}://{address.netloc}" == SITE, url
    return address.path + (f"?{address.query}" if address.query else "")


def test_the_join_qr_code_and_the_typed_address_name_the_site_address(
    client, capital, capital_supervisor
):
    client.force_login(capital_supervisor)
    # The supervisor's browser reached the site under another name ("testserver").
    page = client.get(reverse("lms:join_code", kwargs={"agency_id": capital.pk})).content.decode()

    [qr] = [svg for svg in inline_svgs(page) if 'class="join-qr"' in svg]
    [decoded] = svg_qr_codes(qr)
    assert decoded == f"{SITE}/join/{capital.join_code}/"
    assert "Or go to <strong>127.0.0.1:8801/join/</strong>" in page
    assert "testserver" not in page

    newcomer = UserFactory(email="new.officer@capital-city-pd.example.org")
    client.force_login(newcomer)
    joined = client.get(on_the_site(decoded), HTTP_HOST="127.0.0.1:8801")
    assert joined.status_code == 200
    assert "Capital City Police Department" in joined.content.decode()
    typed = client.get("/join/", HTTP_HOST="127.0.0.1:8801")
    assert typed.status_code == 200


def test_the_check_in_qr_code_opens_the_check_in_page_on_the_site_address(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(supervisor=sergeant, agency=agency, course=course)
    client.force_login(sergeant)
    page = client.get(reverse("lms:rollcall:detail", args=[session.pk])).content.decode()

    source = re.search(r'<img class="checkin-qr" src="([^"]+)"', page).group(1)
    [decoded] = svg_qr_codes(html.unescape(source))
    path = on_the_site(decoded)
    assert path.startswith(f"/rollcall/{session.pk}/check-in/?code=")

    client.force_login(officers[0])
    check_in = client.get(path, HTTP_HOST="127.0.0.1:8801")
    assert check_in.status_code == 200
    assert course.title in check_in.content.decode()


def test_e_mailed_invitation_links_open_on_the_site_address(client, capital, capital_supervisor):
    UserFactory(email="Ben.Okafor@Capital-City-PD.example.org")  # has an account already
    roster = ROSTER + "Ben,Okafor,ben.okafor@capital-city-pd.example.org,312,Sergeant,Nights\n"
    client.force_login(capital_supervisor)
    preview = client.post(
        reverse("lms:roster_import", kwargs={"agency_id": capital.pk}),
        {"roster": SimpleUploadedFile("roster.csv", roster.encode())},
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("lms:roster_import_confirm", kwargs={"agency_id": capital.pk}),
            {"token": token},
        )
    client.logout()
    links = {
        message.to[0].lower(): re.findall(r"https?://\S+", message.body) for message in mail.outbox
    }

    # A new person: the link that sets their password.
    [set_password] = links["ana.ortiz@capital-city-pd.example.org"]
    opened = client.get(on_the_site(set_password), HTTP_HOST="127.0.0.1:8801", follow=True)
    assert opened.status_code == 200
    assert 'name="password1"' in opened.content.decode()
    # An existing account: the dashboard, where the invitation waits.
    [dashboard] = [
        link for link in links["ben.okafor@capital-city-pd.example.org"] if "/dashboard/" in link
    ]
    assert on_the_site(dashboard) == reverse("lms:dashboard")
    invited = Invitation.objects.get(email__iexact="ben.okafor@capital-city-pd.example.org")
    client.force_login(invited.user)
    waiting = client.get(on_the_site(dashboard), HTTP_HOST="127.0.0.1:8801").content.decode()
    assert "Capital City Police Department</strong> invited you" in waiting
