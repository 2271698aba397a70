"""Password rules beyond Django's: refuse words an attacker would try first for this site."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words tied to this service and its users' work; a password containing one is easy to guess.
CONTEXT_WORDS = (
    "rollcall", "naloxone", "narcan", "police", "sheriff", "officer", "trooper", "badge",
    "overdose", "password", "letmein", "welcome", "newyork",
)  # fmt: skip


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


class ContextWordsValidator:
    """Refuse passwords built on site words or on the person's own name or e-mail."""

    def validate(self, password: str, user=None) -> None:
        flat = _normalise(password)
        words = list(CONTEXT_WORDS)
        if user is not None:
            email = getattr(user, "email", "") or ""
            words += [
                email.split("@")[0],
                getattr(user, "first_name", ""),
                getattr(user, "last_name", ""),
            ]
        for word in words:
            word = _normalise(word)
            if len(word) >= 4 and word in flat:
                raise ValidationError(
                    _("Your password can't contain easily guessed words such as “%(word)s”."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password can't contain words about this site, your work or your name.")
