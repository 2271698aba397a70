"""Revocation through the Bitstring Status List, and checking what people paste or upload."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates.credentials.keys import new_private_key_pem, public_key_pem
from certificates.models import Certificate
from tests.certificates.credentials import (
    check_pasted,
    decode_with_pyjwt,
    download_credential,
    published_jwks,
)
from tests.factories import UserFactory


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    return complete(officer, course).certificates.get()


@pytest.fixture
def token(client, certificate) -> str:
    client.force_login(certificate.completion.user)
    token = download_credential(client, certificate).content.decode()
    client.logout()
    return token


def status_bit(client, credential: dict) -> bool:
    """Follow credentialStatus as a third-party verifier does: fetch, verify, decode, read."""
    entry = credential["credentialStatus"]
    path = entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert "max-age" in response["Cache-Control"]
    status_list = decode_with_pyjwt(client, response.content.decode())
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u")
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert len(bits) * 8 >= 131_072  # the spec's minimum, for herd privacy
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revoking_in_the_admin_flips_the_bit_a_third_party_reads(client, certificate, token):
    credential = decode_with_pyjwt(client, token)
    assert status_bit(client, credential) is False

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("certificates_revoke", args=[certificate.pk]), {"reason": "Issued in error."}
    )
    assert response.status_code == 302
    client.logout()
    assert status_bit(client, credential) is True
    html = check_pasted(client, token).content.decode()
    assert "Revoked" in html and "Our status list marks it revoked." in html
    assert "Issued in error." in html


def test_a_pasted_credential_we_issued_is_valid_and_shows_our_record(client, certificate, token):
    response = check_pasted(client, token)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in html and "The signature is ours" in html
    assert certificate.code in html and "Zoë Ångström" in html
    assert certificate.completion.user.email not in html


def test_an_uploaded_credential_file_is_checked_like_a_pasted_one(client, token):
    upload = SimpleUploadedFile("credential.jwt", token.encode(), "application/vc+jwt")
    html = client.post(reverse("certificates:verify_credential"), {"file": upload}).content
    assert "The signature is ours" in html.decode()


def test_a_changed_credential_is_reported_changed(client, token):
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["validUntil"] = "2099-01-01T00:00:00Z"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    html = check_pasted(client, f"{header}.{forged}.{signature}").content.decode()
    assert "Not valid: changed" in html and "the signature does not match" in html


def test_a_credential_signed_by_someone_else_is_not_ours(client, token):
    claims = jwt.decode(token, options={"verify_signature": False})
    other_key = ec.generate_private_key(ec.SECP256R1())
    forged = jwt.encode(claims, other_key, algorithm="ES256", headers={"kid": "did:web:x#k1"})
    html = check_pasted(client, forged).content.decode()
    assert "Not ours" in html and "not signed with any key this site publishes" in html


def test_a_forged_credential_claiming_our_key_id_is_not_valid(client, token):
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    other_key = ec.generate_private_key(ec.SECP256R1())
    forged = jwt.encode(claims, other_key, algorithm="ES256", headers={"kid": kid})
    html = check_pasted(client, forged).content.decode()
    assert "Not valid: changed" in html


def test_the_json_copy_is_valid_as_issued_and_changed_when_edited(client, certificate):
    client.force_login(certificate.completion.user)
    as_json = download_credential(client, certificate, "json").content.decode()
    client.logout()
    assert "It matches, word for word" in check_pasted(client, as_json).content.decode()
    edited = json.loads(as_json)
    edited["credentialSubject"]["achievement"]["name"] = "Something else"
    html = check_pasted(client, json.dumps(edited)).content.decode()
    assert "Not valid: changed" in html


def test_an_expired_credential_says_expired(design, officer, course, complete, client):
    long_ago = timezone.now() - dt.timedelta(days=3 * 365)
    certificate = complete(officer, course, completed_at=long_ago).certificates.get()
    client.force_login(officer)
    token = download_credential(client, certificate).content.decode()
    with pytest.raises(jwt.ExpiredSignatureError):  # third parties see the exp claim too
        decode_with_pyjwt(client, token)
    html = check_pasted(client, token).content.decode()
    assert "Expired" in html and "It expired on" in html


def test_a_renewed_certificate_says_so_when_its_credential_is_checked(
    design, officer, course, complete, client
):
    first = complete(officer, course, completed_at=timezone.now() - dt.timedelta(days=700))
    first_certificate = first.certificates.get()
    client.force_login(officer)
    token = download_credential(client, first_certificate).content.decode()
    renewal = complete(officer, course).certificates.get()
    html = check_pasted(client, token).content.decode()
    assert "Renewed by" in html and renewal.code in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste a credential or choose a file to upload."),
        ("not a credential", "not a signed credential"),
        ("{not json", "This is not valid JSON."),
        ('{"id": "https://elsewhere.example/badge/1"}', "Not ours"),
        ("a.b.c", "cannot be read"),
    ],
)
def test_bad_input_gets_a_clear_message(client, db, text, message):
    response = check_pasted(client, text)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()


def test_a_binary_upload_is_refused_in_words(client, db):
    upload = SimpleUploadedFile("photo.jwt", b"\xff\xd8\xff\xe0" * 10, "image/jpeg")
    response = client.post(reverse("certificates:verify_credential"), {"file": upload})
    assert response.status_code == 400
    assert "That file is not text" in response.content.decode()


def test_checking_needs_the_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(
        reverse("certificates:verify_credential"), {"credential": "a.b.c"}
    )
    assert response.status_code == 403


def test_checking_is_rate_limited_like_the_verify_page(client, db, settings):
    settings.CERTIFICATES_VERIFY_LIMIT = 2
    for _ in range(2):
        assert check_pasted(client, "a.b.c").status_code == 200
    assert check_pasted(client, "a.b.c").status_code == 429


def test_credentials_signed_before_a_key_rotation_still_verify(client, certificate, settings):
    old_pem, new_pem = new_private_key_pem(), new_private_key_pem()
    settings.CREDENTIAL_SIGNING_KEY = old_pem
    client.force_login(certificate.completion.user)
    old_token = download_credential(client, certificate).content.decode()

    settings.CREDENTIAL_SIGNING_KEY = base64.b64encode(new_pem.encode()).decode()
    old_public = public_key_pem(
        serialization.load_pem_private_key(old_pem.encode(), password=None).public_key()
    )
    assert "not signed with any key" in check_pasted(client, old_token).content.decode()
    settings.CREDENTIAL_PREVIOUS_PUBLIC_KEYS = old_public
    assert "The signature is ours" in check_pasted(client, old_token).content.decode()
    assert len(published_jwks(client).keys) == 2
    new_token = download_credential(client, certificate).content.decode()
    assert (
        jwt.get_unverified_header(new_token)["kid"] != jwt.get_unverified_header(old_token)["kid"]
    )
    decode_with_pyjwt(client, old_token)
    decode_with_pyjwt(client, new_token)
