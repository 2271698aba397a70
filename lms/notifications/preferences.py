"""Which kinds a person receives, and turning the optional ones on and off."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lms.access import holds_supervisory_role, is_ors_staff
from lms.models import NotificationOptOut
from lms.notifications.kinds import Audience, Kind, kinds_for


@dataclass(frozen=True)
class Preference:
    kind: Kind
    on: bool


def audiences_of(user) -> set[Audience]:
    audiences = {Audience.OFFICER}
    if holds_supervisory_role(user):
        audiences.add(Audience.SUPERVISOR)
    if is_ors_staff(user):
        audiences.add(Audience.ORS)
    return audiences


def preferences_for(user) -> list[Preference]:
    off = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [
        Preference(kind=k, on=k.required or k.slug not in off)
        for k in kinds_for(audiences_of(user))
    ]


@transaction.atomic
def set_preferences(*, user, turned_on: set[str]) -> list[Preference]:
    """Every optional kind the person may receive is on when in `turned_on`, off otherwise."""
    optional = {p.kind.slug for p in preferences_for(user) if not p.kind.required}
    NotificationOptOut.objects.filter(user=user, kind__in=optional & turned_on).delete()
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=slug) for slug in sorted(optional - turned_on)],
        ignore_conflicts=True,
    )
    return preferences_for(user)


def turn_off(*, user_id: int, kind: str) -> None:
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user_id=user_id, kind=kind)], ignore_conflicts=True
    )
