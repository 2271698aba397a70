"""Dates as Verifiable Credentials write them: XML Schema dateTime in UTC, to the second."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def vc_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def vc_date_start(day: dt.date) -> str:
    """The first moment of a local calendar day (certificates print days, not times)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return vc_datetime(start)


def parse_vc_datetime(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
