"""The OpenBadgeCredential (Open Badges 3.0 on W3C VC 2.0) for one certificate, and its VC-JWT.

Built from the certificate's snapshot fields, so it says what the PDF says and is the same on
every download (the e-mail hash's salt is derived, not random): the verify page can compare a
pasted JSON copy with the one we would issue now.
"""

from __future__ import annotations

import hashlib

from django.urls import reverse

from certificates.credentials.dates import parse_vc_datetime, vc_date_start, vc_datetime
from certificates.credentials.issuer import issuer_did, issuer_profile, key_id
from certificates.credentials.jose import sign_compact
from certificates.credentials.keys import signing_key
from certificates.credentials.status_list import assign_status_list_index, status_entry
from certificates.models import Certificate
from lms.conf import absolute_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
JWT_TYPE = "vc+jwt"
JWT_MEDIA_TYPE = "application/vc+jwt"


def identity_salt(certificate: Certificate) -> str:
    """Per certificate and stable. Not secret (the credential carries it), so not derived from
    SECRET_KEY: rotating that must not change credentials already handed out."""
    return hashlib.sha256(f"rollcall-identity-salt:{certificate.code}".encode()).hexdigest()[:32]


def hashed_email_identity(*, email: str, salt: str) -> dict:
    """OB 3.0 IdentityObject: "sha256$" + hex SHA-256 of the address followed by the salt.

    A verifier who knows the officer's address checks it; nobody can read it off the credential.
    """
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


CRITERIA = {
    "lessons_and_quiz": "Complete every lesson of the course and pass its quiz.",
    "lessons_only": "Complete every lesson of the course.",
}


def _course_facts(certificate: Certificate) -> tuple[str, str, str, str | None]:
    """(achievement id, description, criteria narrative, version) from the completion."""
    completion = certificate.completion
    course = completion.course
    if course is not None:
        _, _, path = course.get_url_parts() or (None, None, None)
        achievement_id = absolute_url(path) if path else f"urn:rollcall:course:{course.pk}"
        description = course.summary or certificate.course_title
        criteria = CRITERIA.get(course.completion_rule, CRITERIA["lessons_only"])
        if course.recertification_months:
            criteria += (
                f" The certificate is valid for {course.recertification_months} months and is "
                "renewed by completing the course again."
            )
    else:  # the course page was deleted: the certificate's own snapshot is all there is
        digest = hashlib.sha256(certificate.course_title.encode()).hexdigest()[:16]
        achievement_id = f"urn:rollcall:course-title:{digest}"
        description = certificate.course_title
        criteria = "Complete the course."
    # The version learned: the course's live revision at completion (a ledger snapshot).
    version = (
        f"revision {completion.course_revision_number}"
        if completion.course_revision_number
        else None
    )
    return achievement_id, description, criteria, version


def credential_url(certificate: Certificate) -> str:
    """The credential's id: the public verification page of its certificate."""
    return certificate.verification_url()


def build_credential(*, certificate: Certificate) -> dict:
    """The unsigned OpenBadgeCredential (assigns the certificate a status position if needed)."""
    index = assign_status_list_index(certificate=certificate)
    achievement_id, description, criteria, version = _course_facts(certificate)
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": description,
        "criteria": {"narrative": criteria},
    }
    if version:
        achievement["version"] = version
    completion = certificate.completion
    identifiers = [
        {
            "type": "IdentityObject",
            "identityHash": certificate.full_name,
            "identityType": "name",
            "hashed": False,
        }
    ]
    if completion.user_email:
        identifiers.insert(
            0,
            hashed_email_identity(email=completion.user_email, salt=identity_salt(certificate)),
        )
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": issuer_profile(),
        "validFrom": vc_datetime(completion.completed_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
        },
        "credentialStatus": status_entry(index),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if certificate.expires_on:
        credential["validUntil"] = vc_date_start(certificate.expires_on)
    return credential


def sign_credential(credential: dict) -> str:
    """The credential as a VC-JWT: the payload is the credential itself (VC-JOSE-COSE), with
    the registered JWT claims that JOSE libraries check (iss, jti, nbf, exp) alongside."""
    claims = {"iss": issuer_did(), "jti": credential["id"]}
    claims["nbf"] = _epoch(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"])
    key = signing_key()
    return sign_compact(
        payload={**credential, **claims}, key=key, kid=key_id(key.public), typ=JWT_TYPE
    )


def _epoch(text: str) -> int:
    return int(parse_vc_datetime(text).timestamp())


def credential_download_path(certificate: Certificate, fmt: str) -> str:
    return reverse("certificates:credential", kwargs={"code": certificate.code, "fmt": fmt})
