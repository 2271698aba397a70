"""Revocation as a W3C Bitstring Status List: one bit per certificate, set when it is revoked.

Each certificate gets a random, unique position (`status_list_index`) when it is issued: random,
as the spec advises, so neighbouring positions say nothing about who was certified together.
List n (from 1) holds positions (n-1)*LIST_SIZE .. n*LIST_SIZE-1; LIST_SIZE is the spec's
minimum of 16 KB (131,072 entries), which also hides how many certificates exist.
"""

from __future__ import annotations

import base64
import gzip
import random

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certificates.credentials.dates import vc_datetime
from certificates.models import Certificate
from lms.conf import absolute_url

LIST_SIZE = 131_072
STATUS_PURPOSE = "revocation"
# A list is half full before positions spill into the next: random picks then rarely collide.
_FILL_BEFORE_NEXT_LIST = LIST_SIZE // 2
_ATTEMPTS = 20
_random = random.SystemRandom()


def status_list_number(index: int) -> int:
    return index // LIST_SIZE + 1


def status_list_url(number: int) -> str:
    return absolute_url(reverse("credentials:status_list", kwargs={"number": number}))


def status_entry(index: int) -> dict:
    """The credentialStatus of a credential whose certificate holds position `index`."""
    number = status_list_number(index)
    position = index % LIST_SIZE
    url = status_list_url(number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def assign_status_list_index(*, certificate: Certificate) -> int:
    """Give the certificate a free random position (idempotent); the unique constraint decides
    between two workers that pick the same one, and the loser picks again."""
    if certificate.status_list_index is not None:
        return certificate.status_list_index
    used = Certificate.objects.filter(status_list_index__isnull=False).count()
    lists = used // _FILL_BEFORE_NEXT_LIST + 1
    for _ in range(_ATTEMPTS):
        candidate = _random.randrange(LIST_SIZE * lists)
        try:
            with transaction.atomic():
                Certificate.objects.filter(pk=certificate.pk).update(status_list_index=candidate)
        except IntegrityError:
            continue
        certificate.status_list_index = candidate
        return candidate
    raise RuntimeError("No free status list position found; the lists are too full.")


def list_bits(number: int) -> bytearray:
    """The list's bitstring: bit 0 is the most significant bit of the first byte (the spec's
    left-most bit)."""
    start = (number - 1) * LIST_SIZE
    bits = bytearray(LIST_SIZE // 8)
    revoked = Certificate.objects.filter(
        status=Certificate.Status.REVOKED,
        status_list_index__gte=start,
        status_list_index__lt=start + LIST_SIZE,
    ).values_list("status_list_index", flat=True)
    for index in revoked.iterator():
        position = index - start
        bits[position // 8] |= 0x80 >> (position % 8)
    return bits


def encode_list(bits: bytes) -> str:
    """Multibase base64url (prefix "u", no padding) of the GZIP-compressed bitstring."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an encodedList; ValueError when it is not one."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix 'u')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return gzip.decompress(compressed)
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError("encodedList cannot be decoded") from exc


def bit_is_set(bits: bytes, position: int) -> bool:
    if not 0 <= position < len(bits) * 8:
        raise ValueError("status list index outside the list")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_credential(*, number: int, issuer: str) -> dict:
    """The BitstringStatusListCredential for list `number`, unsigned (the view signs it)."""
    url = status_list_url(number)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": vc_datetime(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_list(list_bits(number)),
        },
    }


def list_count() -> int:
    """How many lists exist (at least one, so /credentials/status/1 always answers)."""
    highest = (
        Certificate.objects.filter(status_list_index__isnull=False)
        .order_by("-status_list_index")
        .values_list("status_list_index", flat=True)
        .first()
    )
    return status_list_number(highest) if highest is not None else 1
