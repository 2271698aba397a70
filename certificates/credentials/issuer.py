"""Who issues the credentials: the site's did:web identifier, its DID document, JWKS, profile.

The issuer is `did:web:<host>` built from SITE_URL, so a verifier resolves it to
https://<host>/.well-known/did.json. The same keys are at /.well-known/jwks.json for JOSE
libraries; in both, a key's id is `<did>#<thumbprint>`, the `kid` of every credential's header.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from certificates.conf import app_settings as certificate_settings
from certificates.credentials.keys import PublicKey, published_keys
from lms.conf import app_settings as lms_settings

DEFAULT_ISSUER_NAME = "Roll Call LMS"


def issuer_name() -> str:
    """The name credentials and LinkedIn show as the issuing organisation (ORS approves it)."""
    return certificate_settings.credential_issuer_name or DEFAULT_ISSUER_NAME


def issuer_did() -> str:
    """did:web of SITE_URL: the port's colon is percent-encoded, a path becomes more colons."""
    parts = urlsplit(lms_settings.site_url)
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    return did + (
        "".join(":" + quote(segment, safe="") for segment in path.split("/")) if path else ""
    )


def key_id(key: PublicKey) -> str:
    return f"{issuer_did()}#{key.kid}"


def issuer_profile() -> dict:
    """The OB 3.0 Profile embedded in every credential (id, type, name, url)."""
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": issuer_name(),
        "url": lms_settings.site_url + "/",
    }


def did_document() -> dict:
    did = issuer_did()
    methods = [
        {
            "id": key_id(key),
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": {k: v for k, v in key.jwk().items() if k != "kid"},
        }
        for key in published_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def jwks() -> dict:
    return {"keys": [{**key.jwk(), "kid": key_id(key)} for key in published_keys()]}
