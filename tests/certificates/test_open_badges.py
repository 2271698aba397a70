"""Open Badges 3.0 credentials: what is issued, and that third-party JOSE code verifies it."""

from __future__ import annotations

import hashlib
import importlib
import json

import jwt
import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from certificates.credentials import status_list
from certificates.issuing import revoke_certificate
from certificates.models import Certificate
from lms.models import Membership
from tests.certificates.credentials import decode_with_pyjwt, download_credential

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    course.save_revision().publish()  # the completion records the course version it was
    course.refresh_from_db()
    return complete(officer, course).certificates.get()


def test_issued_credential_verifies_with_pyjwt_against_the_published_keys(client, certificate):
    client.force_login(certificate.completion.user)
    response = download_credential(client, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert f"credential-{certificate.code}.jwt" in response["Content-Disposition"]
    token = response.content.decode()

    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["typ"] == "vc+jwt"
    assert header["kid"].startswith("did:web:testserver#") or header["kid"].startswith("did:web:")
    credential = decode_with_pyjwt(client, token)

    assert credential["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == certificate.verification_url()
    issuer = credential["issuer"]
    assert issuer["type"] == ["Profile"] and issuer["name"] == "Roll Call LMS"
    assert issuer["id"].startswith("did:web:") and issuer["url"].startswith("http")
    assert header["kid"].startswith(issuer["id"] + "#")
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == certificate.course_title == "Leave-Behind Naloxone"
    assert achievement["description"] == "Short course."
    assert achievement["criteria"]["narrative"] == (
        "Complete every lesson of the course and pass its quiz. The certificate is valid for "
        "24 months and is renewed by completing the course again."
    )
    assert achievement["version"] == f"revision {certificate.completion.course_revision_number}"
    assert credential["validFrom"].startswith(certificate.completed_on.isoformat()[:4])
    assert credential["validUntil"].startswith(certificate.expires_on.isoformat())
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"].endswith("/credentials/status/1")
    assert int(status["statusListIndex"]) == certificate.status_list_index


def test_the_officer_is_named_by_a_salted_hash_of_their_email_never_the_address(
    client, certificate
):
    user = certificate.completion.user
    client.force_login(user)
    token = download_credential(client, certificate).content.decode()
    assert user.email not in json.dumps(jwt.decode(token, options={"verify_signature": False}))
    identifiers = decode_with_pyjwt(client, token)["credentialSubject"]["identifier"]
    email = next(i for i in identifiers if i["identityType"] == "emailAddress")
    assert email["type"] == "IdentityObject" and email["hashed"] is True
    assert len(email["salt"]) >= 16
    expected = hashlib.sha256((user.email.lower() + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${expected}"
    name = next(i for i in identifiers if i["identityType"] == "name")
    assert name["identityHash"] == "Zoë Ångström" and name["hashed"] is False


def test_the_did_document_publishes_the_same_key_as_the_jwks(client, certificate):
    client.force_login(certificate.completion.user)
    token = download_credential(client, certificate).content.decode()
    did = json.loads(client.get("/.well-known/did.json").content)
    kid = jwt.get_unverified_header(token)["kid"]
    method = next(m for m in did["verificationMethod"] if m["id"] == kid)
    assert kid in did["assertionMethod"]
    key = jwt.PyJWK.from_dict(method["publicKeyJwk"], algorithm="ES256")
    assert jwt.decode(token, key=key, algorithms=["ES256"])["id"] == certificate.verification_url()
    assert did["id"] == kid.split("#")[0]


def test_a_changed_credential_fails_third_party_verification(client, certificate):
    client.force_login(certificate.completion.user)
    token = download_credential(client, certificate).content.decode()
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["achievement"]["name"] = "Advanced Tactical Medicine"
    forged_payload = jwt.utils.base64url_encode(
        json.dumps(claims, separators=(",", ":")).encode()
    ).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        decode_with_pyjwt(client, f"{header}.{forged_payload}.{signature}")


def test_json_download_is_the_same_credential_as_the_signed_one(client, certificate):
    client.force_login(certificate.completion.user)
    response = download_credential(client, certificate, "json")
    assert response.status_code == 200
    assert f"credential-{certificate.code}.json" in response["Content-Disposition"]
    as_json = json.loads(response.content)
    signed = decode_with_pyjwt(client, download_credential(client, certificate).content.decode())
    for claim in ("iss", "jti", "nbf", "exp"):
        signed.pop(claim)
    assert as_json == signed


def test_supervisor_of_the_agency_downloads_like_the_pdf_but_another_agency_gets_404(
    client, certificate, agency, make_agency, make_member
):
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    assert download_credential(client, certificate).status_code == 200
    client.force_login(make_member(make_agency("Other PD"), role=Membership.Role.SUPERVISOR))
    assert download_credential(client, certificate).status_code == 404
    assert download_credential(client, certificate, "json").status_code == 404
    client.force_login(make_member(agency))  # another officer of the same agency
    assert download_credential(client, certificate).status_code == 404


def test_anonymous_visitors_must_sign_in_to_download_a_credential(client, certificate):
    response = download_credential(client, certificate)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_format_is_404(client, certificate):
    client.force_login(certificate.completion.user)
    assert download_credential(client, certificate, "xml").status_code == 404


def test_revoked_certificate_has_no_credential_to_download(client, certificate):
    revoke_certificate(certificate=certificate, by=None, reason="Issued in error.")
    client.force_login(certificate.completion.user)
    response = download_credential(client, certificate)
    assert response.status_code == 410
    assert "revoked" in response.content.decode()


def test_certificate_page_offers_downloads_linkedin_and_email_to_the_holder(client, certificate):
    client.force_login(certificate.completion.user)
    html = client.get(
        reverse("certificates:detail", kwargs={"code": certificate.code})
    ).content.decode()
    for fmt in ("jwt", "json"):
        assert (
            reverse("certificates:credential", kwargs={"code": certificate.code, "fmt": fmt})
            in html
        )
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert "E-mail me my certificate" in html
    detail_link = 'href="{}"'.format(
        reverse("certificates:detail", kwargs={"code": certificate.code})
    )
    assert detail_link in client.get(reverse("certificates:list")).content.decode()


def test_every_certificate_gets_its_own_status_list_position_at_issue(
    design, officer, make_course, complete
):
    first = complete(officer, make_course("Course A")).certificates.get()
    second = complete(officer, make_course("Course B")).certificates.get()
    assert first.status_list_index is not None and second.status_list_index is not None
    assert first.status_list_index != second.status_list_index
    assert 0 <= first.status_list_index < 131_072


class _Picks:
    """Stands in for the system random source: returns the positions given, in order."""

    def __init__(self, *positions: int):
        self.positions = list(positions)

    def randrange(self, stop: int) -> int:
        return self.positions.pop(0)


def test_a_position_already_taken_is_skipped_not_shared(
    design, officer, make_course, complete, monkeypatch
):
    monkeypatch.setattr(status_list, "_random", _Picks(5, 5, 7))
    first = complete(officer, make_course("Course A")).certificates.get()
    second = complete(officer, make_course("Course B")).certificates.get()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status_list_index, second.status_list_index) == (5, 7)


def test_the_migration_gives_every_earlier_certificate_a_distinct_position(
    design, officer, make_course, complete
):
    for title in ("Course A", "Course B", "Course C"):
        complete(officer, make_course(title))
    Certificate.objects.update(status_list_index=None)
    migration = importlib.import_module(
        "certificates.migrations.0006_certificate_status_list_index"
    )
    migration.give_existing_certificates_a_position(django_apps, None)
    positions = list(Certificate.objects.values_list("status_list_index", flat=True))
    assert None not in positions and len(set(positions)) == 3
