"""Helpers for the Open Badges tests: fetch what a verifier fetches, check with PyJWT."""

from __future__ import annotations

import json

import jwt
from django.urls import reverse


def download_credential(client, certificate, fmt="jwt"):
    return client.get(
        reverse("certificates:credential", kwargs={"code": certificate.code, "fmt": fmt})
    )


def published_jwks(client) -> jwt.PyJWKSet:
    """The JWKS as a third party reads it, from the public URL."""
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return jwt.PyJWKSet.from_dict(json.loads(response.content))


def decode_with_pyjwt(client, token: str, **options) -> dict:
    """Verify a compact JWS with PyJWT against the site's published keys (not our code)."""
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in published_jwks(client).keys if k.key_id == kid)
    return jwt.decode(token, key=key, algorithms=["ES256"], options=options)


def check_pasted(client, text: str):
    return client.post(reverse("certificates:verify_credential"), {"credential": text})
