"""Checking a credential someone brings to the verify page: a VC-JWT or the JSON we issue.

A JWT must carry our signature (any key we publish, current or retired); the JSON copy, which
carries none, must be exactly the credential we would issue for that certificate now. Then its
dates and its bit in our status list decide. The answer is one of a few states, in words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone

from certificates.codes import normalize_code
from certificates.credentials.badge import build_credential
from certificates.credentials.dates import parse_vc_datetime
from certificates.credentials.jose import InvalidToken, read_unverified, verify_compact
from certificates.credentials.keys import published_keys
from certificates.credentials.status_list import (
    LIST_SIZE,
    bit_is_set,
    list_bits,
    status_list_url,
)
from certificates.models import Certificate
from certificates.verification import verification_record

JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "iat", "sub")
_VERIFY_PATH = re.compile(r"/verify/([^/]+)/?$")


class CheckState:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ALTERED = "altered"  # ours, but changed after we issued it
    NOT_OURS = "not_ours"
    UNREADABLE = "unreadable"


STATE_WORDS = {
    CheckState.VALID: "Valid",
    CheckState.EXPIRED: "Expired",
    CheckState.REVOKED: "Revoked",
    CheckState.ALTERED: "Not valid: changed",
    CheckState.NOT_OURS: "Not ours",
    CheckState.UNREADABLE: "Not a credential",
}


@dataclass
class CheckResult:
    state: str
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None
    record: dict | None = None
    signed: bool = False

    @property
    def word(self) -> str:
        return STATE_WORDS[self.state]


def check_credential(text: str) -> CheckResult:
    text = (text or "").strip().lstrip("\ufeff")
    if not text:
        return CheckResult(CheckState.UNREADABLE, ["Nothing was pasted or uploaded."])
    if text.startswith("{"):
        return _check_json(text)
    return _check_jwt(text)


def _certificate_for(credential: dict) -> Certificate | None:
    match = _VERIFY_PATH.search(urlsplit(str(credential.get("id", ""))).path)
    code = normalize_code(match.group(1)) if match else None
    if code is None:
        return None
    return (
        Certificate.objects.select_related("superseded_by", "completion").filter(code=code).first()
    )


def _check_jwt(token: str) -> CheckResult:
    try:
        header, _ = read_unverified(token)
    except InvalidToken as exc:
        return CheckResult(CheckState.UNREADABLE, [f"This is {exc}."])
    keys = published_keys()
    kid = str(header.get("kid", "")).rpartition("#")[2]
    if not any(key.kid == kid for key in keys):
        return CheckResult(
            CheckState.NOT_OURS,
            ["It was not signed with any key this site publishes, so we did not issue it."],
        )
    try:
        payload = verify_compact(token, keys=keys, kid=kid)
    except InvalidToken as exc:
        return CheckResult(CheckState.ALTERED, [f"It carries our key id, but {exc}."])
    credential = {k: v for k, v in payload.items() if k not in JWT_CLAIMS}
    return _judge(credential, certificate=_certificate_for(credential), signed=True)


def _check_json(text: str) -> CheckResult:
    try:
        credential = json.loads(text)
    except ValueError:
        return CheckResult(CheckState.UNREADABLE, ["This is not valid JSON."])
    if not isinstance(credential, dict):
        return CheckResult(CheckState.UNREADABLE, ["This JSON is not a credential."])
    certificate = _certificate_for(credential)
    if certificate is None:
        return CheckResult(
            CheckState.NOT_OURS, ["Its id is not the address of any certificate we issued."]
        )
    unsigned = {k: v for k, v in credential.items() if k not in JWT_CLAIMS}
    if unsigned != build_credential(certificate=certificate):
        return CheckResult(
            CheckState.ALTERED,
            [
                "It names one of our certificates, but it differs from the credential we "
                "issued for it: it was changed."
            ],
            certificate=certificate,
            record=verification_record(certificate),
        )
    return _judge(unsigned, certificate=certificate, signed=False)


def _revoked_in_status_list(status: object) -> bool | None:
    """The bit in our list; None when the entry does not point into a list of ours."""
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        return None
    url = str(status.get("statusListCredential", ""))
    number = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    try:
        position = int(status.get("statusListIndex", ""))
        number_value = int(number)
    except ValueError:
        return None
    # The path decides, not the host: a list keeps its address when SITE_URL moves.
    our_path = urlsplit(status_list_url(number_value)).path if number_value >= 1 else None
    if urlsplit(url).path != our_path or not 0 <= position < LIST_SIZE:
        return None
    return bit_is_set(list_bits(number_value), position)


def _judge(credential: dict, *, certificate: Certificate | None, signed: bool) -> CheckResult:
    now = timezone.now()
    result = CheckResult(CheckState.VALID, certificate=certificate, signed=signed)
    if certificate is not None:
        result.record = verification_record(certificate)
    result.reasons.append(
        "The signature is ours and nothing in it was changed."
        if signed
        else "It matches, word for word, the credential we issued."
    )
    revoked = _revoked_in_status_list(credential.get("credentialStatus"))
    if revoked is None:
        result.state = CheckState.NOT_OURS
        result.reasons.append("Its revocation status does not point to our status list.")
        return result
    valid_from = parse_vc_datetime(credential.get("validFrom", ""))
    valid_until = (
        parse_vc_datetime(credential.get("validUntil", "")) if "validUntil" in credential else None
    )
    if revoked:
        result.state = CheckState.REVOKED
        result.reasons.append("Our status list marks it revoked.")
    elif valid_from is None or valid_from > now:
        result.state = CheckState.ALTERED
        result.reasons.append("Its start date is missing or in the future.")
    elif valid_until is not None and valid_until <= now:
        result.state = CheckState.EXPIRED
        result.reasons.append(f"It expired on {timezone.localtime(valid_until):%B %-d, %Y}.")
    else:
        result.reasons.append("It is within its dates and not revoked.")
    return result
