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
        if user is not None:
            email = getattr(user, "email", "") or ""
            personal = (
                getattr(user, "first_name", ""),
                getattr(user, "last_name", ""),
                email.split("@")[0],
            )
            for word in map(_normalise, personal):
                if len(word) >= 4 and word in flat:
                    raise ValidationError(
                        _("Your password can't contain your own name or e-mail (“%(word)s”)."),
                        code="password_contains_name",
                        params={"word": word},
                    )
        for word in map(_normalise, CONTEXT_WORDS):
            if word in flat:
                raise ValidationError(
                    _("Your password can't contain easily guessed words such as “%(word)s”."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password can't contain words about this site, your work or your name.")


class CharacterVarietyValidator:
    """Refuse passwords made of a few characters repeated ("aaaaaaaaaaaaaaa", "abcabcabc...").

    Length alone is what MinimumLengthValidator counts, so fifteen of one key passed it; a
    passphrase of real words always uses far more than `min_distinct` characters.
    """

    def __init__(self, min_distinct: int = 6):
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        distinct = len(set(password.lower()))
        if distinct < self.min_distinct:
            raise ValidationError(
                _(
                    "Your password repeats too few different characters (%(distinct)d). Use at "
                    "least %(min_distinct)d different characters: a few unrelated words work well."
                ),
                code="password_too_repetitive",
                params={"distinct": distinct, "min_distinct": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return _("Your password must use at least %(min_distinct)d different characters.") % {
            "min_distinct": self.min_distinct
        }
