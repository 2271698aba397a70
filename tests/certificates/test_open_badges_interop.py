"""An independent Open Badges 3.0 verifier (openbadgeslib) accepts what we issue: it resolves
our did:web, verifies the VC-JWT, checks the dates and the structure, and reads the signed
status list. Its fetches are answered by the test client instead of the network."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from certificates.credentials.issuer import issuer_did
from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from tests.certificates.credentials import download_credential


@pytest.fixture
def certificate(design, officer, course, complete, settings) -> Certificate:
    settings.SITE_URL = "https://rollcall.example.org"  # did:web resolves over https
    settings.ALLOWED_HOSTS = ["rollcall.example.org", "testserver"]
    return complete(officer, course).certificates.get()


def fetch_from_site(client):
    def download(url: str) -> bytes:
        parts = urlsplit(url)
        assert parts.netloc == "rollcall.example.org", url
        response = client.get(parts.path, HTTP_HOST=parts.netloc, secure=True)
        assert response.status_code == 200, url
        return response.content

    return download


def test_an_independent_verifier_accepts_the_credential_and_its_status(client, certificate):
    client.force_login(certificate.completion.user)
    token = download_credential(client, certificate).content.decode()
    download = fetch_from_site(client)
    verifier = OB3Verifier.for_issuer_did(issuer_did(), download=download)
    credential = verifier.verify(token, check_status=True, download=download)
    assert credential.issuer.id == "did:web:rollcall.example.org"

    revoke_certificate(certificate=certificate, by=None, reason="Issued in error.")
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        verifier.verify(token, check_status=True, download=download)


def test_an_independent_verifier_rejects_a_changed_credential(client, certificate):
    client.force_login(certificate.completion.user)
    token = download_credential(client, certificate).content.decode()
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload[:-4]}AAAA.{signature}"
    verifier = OB3Verifier.for_issuer_did(issuer_did(), download=fetch_from_site(client))
    with pytest.raises(OB3VerificationError, match="(?i)signature"):
        verifier.verify(tampered)
