"""Signed one-click unsubscribe links: one person, one kind, no sign-in needed.

The token is signed with SECRET_KEY (salted), never expires (a mail client may use it years
later) and only ever turns a non-required kind off for the person it names.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from lms import conf
from lms.notifications.kinds import KINDS

SALT = "lms.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) when the token is genuine and names a kind that may be turned off."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kind = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or kind not in KINDS or KINDS[kind].required:
        return None
    return user_id, kind


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return conf.absolute_url(reverse("lms:notification_unsubscribe", kwargs={"token": token}))
