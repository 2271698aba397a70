"""Verification codes people can read aloud: RC-7K4M-Q2XP (no 0/O, 1/I/L look-alikes)."""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols; 8 of them is about 40 bits
CODE_PREFIX = "RC"
CODE_BODY_LENGTH = 8
_NOT_CODE_CHARACTER = re.compile(r"[^0-9A-Z]")


def new_certificate_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_BODY_LENGTH))
    return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"


def normalize_code(raw: str) -> str | None:
    """The canonical form of a typed or scanned code, or None when it cannot be one.

    Case-insensitive; dashes, spaces and dots are optional; the "RC" prefix may be left out.
    """
    compact = _NOT_CODE_CHARACTER.sub("", (raw or "").upper())
    if len(compact) == CODE_BODY_LENGTH + len(CODE_PREFIX) and compact.startswith(CODE_PREFIX):
        compact = compact[len(CODE_PREFIX) :]
    if len(compact) != CODE_BODY_LENGTH or any(c not in CODE_ALPHABET for c in compact):
        return None
    return f"{CODE_PREFIX}-{compact[:4]}-{compact[4:]}"
