"""Sharing: LinkedIn's add-to-profile link, "E-mail me my certificate", keys and checks."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certificates.checks import check_credential_keys_readable, check_credential_signing_key
from certificates.credentials.keys import new_private_key_pem
from certificates.credentials.sharing import linkedin_add_url
from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from lms.models import Membership


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    issued = complete(officer, course).certificates.get()
    mail.outbox.clear()  # the "certificate issued" notification is tested with notifications
    return issued


def email_me(client, certificate):
    return client.post(reverse("certificates:email", kwargs={"code": certificate.code}))


def test_linkedin_link_carries_name_organisation_dates_id_and_url(certificate):
    url = urlsplit(linkedin_add_url(certificate=certificate))
    assert (url.scheme, url.netloc, url.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Leave-Behind Naloxone",
        "organizationName": "Roll Call LMS",
        "issueYear": str(certificate.completed_on.year),
        "issueMonth": str(certificate.completed_on.month),
        "expirationYear": str(certificate.expires_on.year),
        "expirationMonth": str(certificate.expires_on.month),
        "certUrl": certificate.verification_url(),
        "certId": certificate.code,
    }


def test_email_me_sends_the_pdf_and_the_credential_link_to_the_holder(client, certificate):
    user = certificate.completion.user
    client.force_login(user)
    response = email_me(client, certificate)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Your certificate: Leave-Behind Naloxone"
    assert certificate.verification_url() in message.body
    credential_path = reverse(
        "certificates:credential", kwargs={"code": certificate.code, "fmt": "jwt"}
    )
    assert credential_path in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == f"certificate-{certificate.code}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    page = client.get(response["Location"]).content.decode()
    assert f"Sent to {user.email}" in page


def test_email_me_is_rate_limited_with_a_clear_message(client, certificate, settings):
    settings.CERTIFICATES_EMAIL_RATE_LIMIT = (2, 3600)
    client.force_login(certificate.completion.user)
    for _ in range(3):
        response = email_me(client, certificate)
    assert len(mail.outbox) == 2
    assert "Try again later" in client.get(response["Location"]).content.decode()


def test_only_the_holder_can_have_their_certificate_emailed(
    client, certificate, agency, make_agency, make_member
):
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    assert email_me(client, certificate).status_code == 404
    client.force_login(make_member(make_agency("Other PD"), role=Membership.Role.SUPERVISOR))
    assert email_me(client, certificate).status_code == 404
    assert mail.outbox == []


def test_email_me_needs_post_and_the_csrf_token(certificate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(certificate.completion.user)
    path = reverse("certificates:email", kwargs={"code": certificate.code})
    assert client.get(path).status_code == 405
    assert client.post(path).status_code == 403
    assert mail.outbox == []


def test_a_revoked_certificate_is_not_emailed_or_offered_for_sharing(client, certificate):
    revoke_certificate(certificate=certificate, by=None, reason="Issued in error.")
    client.force_login(certificate.completion.user)
    response = email_me(client, certificate)
    assert mail.outbox == []
    assert "cannot be sent" in client.get(response["Location"]).content.decode()
    page = client.get(reverse("certificates:detail", kwargs={"code": certificate.code}))
    html = page.content.decode()
    assert "linkedin.com" not in html and "E-mail me" not in html


def test_supervisor_sees_the_certificate_page_without_sharing_buttons(
    client, certificate, agency, make_member
):
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    html = client.get(
        reverse("certificates:detail", kwargs={"code": certificate.code})
    ).content.decode()
    assert "Digital credential (signed)" in html
    assert "linkedin.com" not in html and "E-mail me" not in html


def test_create_credential_key_prints_a_key_the_site_accepts(settings, client, db):
    output = io.StringIO()
    call_command("create_credential_key", stdout=output)
    text = output.getvalue()
    private_pem = text[text.index("-----BEGIN PRIVATE KEY") : text.index("-----END PRIVATE KEY")]
    private_pem += "-----END PRIVATE KEY-----\n"
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    settings.CREDENTIAL_SIGNING_KEY = private_pem
    thumbprint = text.split("Key id (thumbprint): ")[1].split()[0]
    jwks = client.get("/.well-known/jwks.json").json()
    assert jwks["keys"][0]["kid"].endswith("#" + thumbprint)
    assert key.public_key().public_numbers().curve.name == "secp256r1"


def test_production_without_a_signing_key_gets_a_warning(settings):
    settings.DEBUG = False
    settings.CREDENTIAL_SIGNING_KEY = ""
    assert [w.id for w in check_credential_signing_key(None)] == ["certificates.W002"]
    assert check_credential_keys_readable(None) == []
    settings.CREDENTIAL_SIGNING_KEY = "not a key"
    assert [e.id for e in check_credential_keys_readable(None)] == ["certificates.E002"]
    settings.CREDENTIAL_SIGNING_KEY = new_private_key_pem()
    settings.CREDENTIAL_PREVIOUS_PUBLIC_KEYS = (
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"
    )
    assert [e.id for e in check_credential_keys_readable(None)] == ["certificates.E002"]
    settings.CREDENTIAL_PREVIOUS_PUBLIC_KEYS = ""
    assert check_credential_signing_key(None) == []


def test_public_documents_are_cacheable_and_readable_cross_origin(client, db):
    for path in ("/.well-known/did.json", "/.well-known/jwks.json", "/credentials/status/1"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "public, max-age=" in response["Cache-Control"]
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/credentials/status/2").status_code == 404
    jwks = client.get("/.well-known/jwks.json").json()
    assert all("d" not in key for key in jwks["keys"])  # never the private part
