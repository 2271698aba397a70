"""Counts for the ORS queue (admin dashboard panel and ORS dashboard)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from cms.models import ProgramRegistration, QueueStatus, TechnicalAssistanceRequest


@dataclass(frozen=True)
class QueueRow:
    status: str
    label: str
    registrations: int
    assistance: int


def queue_counts() -> list[QueueRow]:
    """One row per queue status (every status present), counting both kinds of request."""

    def by_status(model) -> dict[str, int]:
        return dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by())

    registrations = by_status(ProgramRegistration)
    assistance = by_status(TechnicalAssistanceRequest)
    return [
        QueueRow(value, label, registrations.get(value, 0), assistance.get(value, 0))
        for value, label in QueueStatus.choices
    ]
