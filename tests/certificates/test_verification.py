from __future__ import annotations

import datetime as dt
import io

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates.codes import CODE_ALPHABET, new_certificate_code, normalize_code
from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from lms.models import Membership
from tests.certificates.conftest import rendered
from tests.printed import qr_codes


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    officer.memberships.update(badge_number="B-4471")
    return rendered(complete(officer, course).certificates.get())


def verify(client, code, **extra):
    return client.get(reverse("certificates:verify", kwargs={"code": code}), **extra)


def test_codes_are_readable_aloud_and_free_of_look_alikes():
    code = new_certificate_code()
    assert len(code) == 12 and code.startswith("RC-") and code[7] == "-"
    assert not set("01ILO") & set(CODE_ALPHABET)
    assert normalize_code("rc 7k4m q2xp") == "RC-7K4M-Q2XP"
    assert normalize_code("7K4MQ2XP") == "RC-7K4M-Q2XP"
    assert normalize_code("RC-7K4M-Q2X") is None
    assert normalize_code("RC-0K4M-Q2XP") is None


def test_valid_certificate_page_repeats_every_printed_field_and_nothing_private(
    client, certificate
):
    response = verify(client, certificate.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in html
    for field in [
        "Zoë Ångström",
        "Capital City Police Department",
        "Leave-Behind Naloxone",
        f"{certificate.completed_on:%B} {certificate.completed_on.day}, {certificate.completed_on.year}",
        f"{certificate.expires_on:%B} {certificate.expires_on.day}, {certificate.expires_on.year}",
        "Dana Whitfield",
        "Director, Overdose Response",
        certificate.code,
    ]:
        assert field in html, field
    user = certificate.completion.user
    assert user.email not in html
    assert "B-4471" not in html


def test_json_verification_returns_the_same_fields(client, certificate):
    response = client.get(reverse("certificates:verify_json", kwargs={"code": certificate.code}))
    data = response.json()
    assert data["state"] == "valid"
    assert data["name"] == "Zoë Ångström"
    assert data["course"] == "Leave-Behind Naloxone"
    assert data["completed_on"] == certificate.completed_on.isoformat()
    assert data["expires_on"] == certificate.expires_on.isoformat()
    assert "email" not in str(data).lower()
    missing = client.get(reverse("certificates:verify_json", kwargs={"code": "RC-2222-2222"}))
    assert missing.status_code == 404


def test_codes_are_case_insensitive_and_dashes_are_optional(client, certificate):
    compact = certificate.code.replace("-", "").lower()
    response = verify(client, compact)
    assert response.status_code == 302
    assert response["Location"] == certificate.get_verification_path()
    form = client.get(reverse("certificates:verify_form"), {"code": f" {compact} "})
    assert form["Location"] == certificate.get_verification_path()


def test_unknown_code_gets_a_helpful_404_page(client, db):
    response = verify(client, "RC-2222-3333")
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
    assert "never contain the letters O, I or L" in response.content.decode()
    assert verify(client, "not-a-code").status_code == 404


def test_the_verify_form_explains_a_malformed_code(client, db):
    response = client.get(reverse("certificates:verify_form"), {"code": "hello"})
    assert response.status_code == 200
    assert "That is not a certificate code" in response.content.decode()


def test_expired_certificate_says_expired(design, officer, course, complete, client):
    three_years_ago = timezone.now() - dt.timedelta(days=3 * 365)
    certificate = complete(officer, course, completed_at=three_years_ago).certificates.get()
    html = verify(client, certificate.code).content.decode()
    assert "Expired" in html
    assert "expired on" in html


def test_revoked_certificate_shows_revoked_with_date_and_reason(client, certificate, db):
    revoke_certificate(certificate=certificate, by=None, reason="Issued to the wrong officer")
    html = verify(client, certificate.code).content.decode()
    assert "Revoked" in html
    assert "Issued to the wrong officer" in html
    assert timezone.localdate().strftime("%B") in html
    certificate.refresh_from_db()
    assert Certificate.objects.filter(pk=certificate.pk).exists()  # stays in history


def test_a_renewed_certificate_verifies_as_genuine_and_links_to_the_renewal(
    design, officer, course, complete, client
):
    old = complete(
        officer, course, completed_at=timezone.now() - dt.timedelta(days=700)
    ).certificates.get()
    new = complete(officer, course).certificates.get()
    html = verify(client, old.code).content.decode()
    assert "superseded" not in html
    assert f'renewed by <a class="code" href="{new.get_verification_path()}">{new.code}</a>' in html
    assert "message--warning" not in html


def test_verification_is_rate_limited_per_address(client, settings, certificate):
    settings.CERTIFICATES_VERIFY_LIMIT = 3
    codes = ["RC-2222-2222", "RC-3333-3333", certificate.code]
    assert [verify(client, code).status_code for code in codes] == [404, 404, 200]
    blocked = verify(client, certificate.code)
    assert blocked.status_code == 429
    assert "Too many checks" in blocked.content.decode()
    # Another address is not affected.
    assert verify(client, certificate.code, REMOTE_ADDR="10.1.2.3").status_code == 200


def _qr_matrix_from_pdf(pdf_path: str, expected_size: int) -> list[list[bool]]:
    """Read the QR image back out of the PDF and sample the centre of each module."""
    page = PdfReader(pdf_path).pages[0]
    squares = [img.image for img in page.images if img.image.width == img.image.height]
    qr = max(squares, key=lambda image: image.width).convert("L")
    border = 2
    module = qr.width / (expected_size + 2 * border)
    return [
        [
            qr.getpixel((int((border + x + 0.5) * module), int((border + y + 0.5) * module))) < 128
            for x in range(expected_size)
        ]
        for y in range(expected_size)
    ]


def test_qr_code_in_the_pdf_encodes_the_verification_url(certificate):
    url = certificate.verification_url()
    assert url.endswith(f"/verify/{certificate.code}/")
    expected = segno.make(url, error="m", micro=False)
    size = expected.symbol_size(border=0)[0]
    printed = _qr_matrix_from_pdf(certificate.pdf.path, size)
    assert printed == [[bool(cell) for cell in row] for row in expected.matrix]
    # And it is not the symbol of any other address.
    other = segno.make(url.replace(certificate.code, "RC-2222-2222"), error="m", micro=False)
    assert printed != [[bool(cell) for cell in row] for row in other.matrix]


def test_the_pdf_prints_the_code_with_the_verify_address_and_its_qr_code_opens_the_record(
    certificate,
):
    pdf = certificate.pdf.read()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert certificate.code in text
    assert "127.0.0.1:8000/verify/" in text
    assert qr_codes(pdf) == [certificate.verification_url()]


def test_supervisor_listing_filters_by_state(client, certificate, agency, make_member):
    revoke_certificate(certificate=certificate, by=None, reason="Duplicate")
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    revoked = client.get(reverse("certificates:list"), {"state": "revoked"}).content.decode()
    valid = client.get(reverse("certificates:list"), {"state": "valid"}).content.decode()
    assert certificate.code in revoked
    assert certificate.code not in valid
