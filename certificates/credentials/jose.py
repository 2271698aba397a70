"""Compact JWS with ES256, the signature of a VC-JWT (VC-JOSE-COSE: the payload is the credential).

Small on purpose: one algorithm, one key type. Third-party libraries (PyJWT, jwcrypto) verify
what this signs against the keys at /.well-known/jwks.json; the tests check that they do.
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from certificates.credentials.keys import PublicKey, SigningKey, b64url, b64url_decode

MAX_TOKEN_LENGTH = 64_000  # a credential is about 3 KB; anything far larger is not ours


class InvalidToken(Exception):
    """Not a compact JWS, or one whose signature does not check out (message says which)."""


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_compact(*, payload: dict, key: SigningKey, kid: str, typ: str) -> str:
    header = {"alg": "ES256", "kid": kid, "typ": typ}
    signing_input = b64url(_json_bytes(header)) + "." + b64url(_json_bytes(payload))
    der = key.private_key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    # JWS ES256 is the raw r||s pair (RFC 7518, section 3.4), not DER.
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing_input + "." + b64url(signature)


def read_unverified(token: str) -> tuple[dict, dict]:
    """(header, payload) of a compact JWS, without checking anything but its shape."""
    token = token.strip()
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("too long to be one of our credentials")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise InvalidToken("not a signed credential (a JWT has three parts separated by dots)")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("the parts of the JWT cannot be read") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise InvalidToken("the parts of the JWT cannot be read")
    return header, payload


def verify_compact(token: str, *, keys: list[PublicKey], kid: str) -> dict:
    """The payload when the token was signed by the key with id `kid`; InvalidToken otherwise."""
    token = token.strip()
    header, payload = read_unverified(token)
    if header.get("alg") != "ES256":
        raise InvalidToken("signed with an algorithm we do not use")
    key = next((k for k in keys if k.kid == kid), None)
    if key is None:
        raise InvalidToken("signed with a key we do not publish")
    signing_input, _, encoded_signature = token.rpartition(".")
    try:
        raw = b64url_decode(encoded_signature)
    except ValueError as exc:
        raise InvalidToken("the signature cannot be read") from exc
    if len(raw) != 64:
        raise InvalidToken("the signature is the wrong length")
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.key.verify(der, signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise InvalidToken("the signature does not match: the credential was changed") from exc
    return payload
