"""The name and badge number certificates print, corrected by the person themselves.

Certificates already issued keep their snapshot (certificates.reissue prints a new one on
request); completions keep theirs as evidence. Every change is in the audit log.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_event
from lms.models import Membership


def badge_memberships(user):
    """The active officer memberships whose badge number the person keeps (one agency at a
    time, lms.people.onboarding)."""
    return Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role=Membership.Role.OFFICER
    ).select_related("agency")


class NameAndBadgeForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    badge_number = forms.RegexField(
        label=_("Badge number"),
        max_length=32,
        required=False,
        regex=r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$",
        error_messages={
            "invalid": _("Use letters, digits, spaces, dots, slashes or hyphens only.")
        },
        help_text=_("As your agency issues it. Leave empty if you have none."),
    )

    def __init__(self, *args, has_badge: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_badge:
            del self.fields["badge_number"]

    def clean_first_name(self):
        return self._required_name("first_name")

    def clean_last_name(self):
        return self._required_name("last_name")

    def _required_name(self, field: str) -> str:
        value = " ".join(self.cleaned_data[field].split())
        if not value:
            raise forms.ValidationError(_("Enter your name as it should print."))
        return value


def update_name_and_badge(
    *, user, first_name: str, last_name: str, badge_number: str | None
) -> dict[str, tuple[str, str]]:
    """Save the corrections and log them; returns what changed as {field: (before, after)}.
    `badge_number` None leaves badges alone (the person has no officer membership)."""
    changes: dict[str, tuple[str, str]] = {}
    with transaction.atomic():
        for field, value in (("first_name", first_name), ("last_name", last_name)):
            if getattr(user, field) != value:
                changes[field] = (getattr(user, field), value)
                setattr(user, field, value)
        if "first_name" in changes or "last_name" in changes:
            user.save(update_fields=["first_name", "last_name"])
        if badge_number is not None:
            for membership in badge_memberships(user):
                if membership.badge_number != badge_number:
                    changes[f"badge_number ({membership.agency.name})"] = (
                        membership.badge_number,
                        badge_number,
                    )
                    membership.badge_number = badge_number
                    membership.save(update_fields=["badge_number", "updated_at"])
        if changes:
            audit_event(
                instance=user,
                action="rollcall.profile_changed",
                user=user,
                data={field: {"from": old, "to": new} for field, (old, new) in changes.items()},
            )
    return changes
