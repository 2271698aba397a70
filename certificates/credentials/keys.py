"""The key credentials are signed with, and the public keys the site publishes.

CREDENTIAL_SIGNING_KEY holds a P-256 private key as PEM (or that PEM base64-encoded, for
environments that cannot hold line breaks); `manage.py create_credential_key` prints one.
CREDENTIAL_PREVIOUS_PUBLIC_KEYS holds retired public keys (PEM blocks one after another, or
base64 of them) so credentials signed before a rotation still verify. A key's id is its RFC 7638
thumbprint, so it needs no bookkeeping: the same key always has the same id.

Without CREDENTIAL_SIGNING_KEY (development, tests) a key is derived from SECRET_KEY and its id
starts with "dev-": it is stable across restarts but NOT for production (a system check warns).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from certificates.conf import app_settings

DEV_KEY_PREFIX = "dev-"
_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)


class CredentialKeyError(Exception):
    """A configured key cannot be read, or is not a P-256 key."""


@dataclass(frozen=True)
class PublicKey:
    kid: str  # the thumbprint ("dev-" prefixed for a derived key); the DID adds "did:web:...#"
    key: ec.EllipticCurvePublicKey

    def jwk(self) -> dict:
        return {**public_jwk(self.key), "kid": self.kid, "alg": "ES256", "use": "sig"}


@dataclass(frozen=True)
class SigningKey:
    private_key: ec.EllipticCurvePrivateKey
    public: PublicKey
    derived: bool  # True: derived from SECRET_KEY, for development only


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_jwk(key: ec.EllipticCurvePublicKey) -> dict:
    numbers = key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }


def thumbprint(key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638: SHA-256 of the required members, in lexical order, without spaces."""
    jwk = public_jwk(key)
    canonical = json.dumps(
        {name: jwk[name] for name in ("crv", "kty", "x", "y")}, separators=(",", ":")
    )
    return b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def new_private_key_pem() -> str:
    """A fresh P-256 private key (PKCS#8 PEM), for `manage.py create_credential_key`."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _pem_text(raw: str) -> str:
    """PEM as given, or decoded from base64 when the variable holds it that way."""
    raw = raw.strip()
    if "-----BEGIN" in raw:
        return raw
    try:
        return base64.b64decode(raw, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise CredentialKeyError("not PEM and not base64-encoded PEM") from exc


def _check_curve(key) -> None:
    if not isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) or not (
        isinstance(key.curve, ec.SECP256R1)
    ):
        raise CredentialKeyError("credential keys must be P-256 (ES256) keys")


def _derived_dev_key() -> ec.EllipticCurvePrivateKey:
    seed = hashlib.sha256(b"rollcall-credential-dev-key:" + settings.SECRET_KEY.encode()).digest()
    # The curve order is just under 2**256; the chance of a seed outside it is about 2**-32.
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    return ec.derive_private_key(int.from_bytes(seed, "big") % (order - 1) + 1, ec.SECP256R1())


@functools.cache
def _signing_key_from(configured: str, secret_key: str) -> SigningKey:
    if configured.strip():
        try:
            private_key = serialization.load_pem_private_key(
                _pem_text(configured).encode("ascii"), password=None
            )
        except (ValueError, TypeError) as exc:
            raise CredentialKeyError(f"CREDENTIAL_SIGNING_KEY cannot be read: {exc}") from exc
        _check_curve(private_key)
        public = private_key.public_key()
        return SigningKey(private_key, PublicKey(thumbprint(public), public), derived=False)
    private_key = _derived_dev_key()
    public = private_key.public_key()
    kid = DEV_KEY_PREFIX + thumbprint(public)
    return SigningKey(private_key, PublicKey(kid, public), derived=True)


def signing_key() -> SigningKey:
    """The current signing key (read once per configuration, then remembered)."""
    return _signing_key_from(app_settings.credential_signing_key, settings.SECRET_KEY)


@functools.cache
def _previous_keys_from(configured: str) -> tuple[PublicKey, ...]:
    if not configured.strip():
        return ()
    keys = []
    for block in _PEM_BLOCK.findall(_pem_text(configured)):
        try:
            key = serialization.load_pem_public_key(block.encode("ascii"))
        except ValueError as exc:
            raise CredentialKeyError(
                f"CREDENTIAL_PREVIOUS_PUBLIC_KEYS holds a key that cannot be read: {exc}"
            ) from exc
        _check_curve(key)
        keys.append(PublicKey(thumbprint(key), key))
    return tuple(keys)


def published_keys() -> list[PublicKey]:
    """Every key a verifier may need: the current one first, then the retired ones."""
    current = signing_key().public
    previous = _previous_keys_from(app_settings.credential_previous_public_keys)
    return [current, *(key for key in previous if key.kid != current.kid)]


def public_key_pem(key: ec.EllipticCurvePublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
