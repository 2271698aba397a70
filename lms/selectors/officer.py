"""One person's own training: what the officer dashboard shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lms.models import Completion
from lms.selectors.columns import live_courses
from lms.selectors.facts import optional_model, user_cells
from lms.selectors.states import Cell, State


@dataclass
class CourseStatus:
    course: object
    cell: Cell


@dataclass
class OfficerOverview:
    assigned: list[CourseStatus]
    in_progress: list[CourseStatus]
    expiring: list[CourseStatus]
    available: list[CourseStatus]
    completions: list[Completion]
    cards: list


def officer_overview(*, user, now=None) -> OfficerOverview:
    """Everything the officer dashboard shows, in a fixed number of queries."""
    courses = list(
        live_courses().only("pk", "title", "path", "url_path", "estimated_minutes", "depth")
    )
    cells = user_cells(user=user, course_ids=[c.pk for c in courses], now=now)
    statuses = [CourseStatus(course=c, cell=cells.get((user.pk, c.pk)) or Cell()) for c in courses]
    completions = list(Completion.objects.filter(user=user).order_by("-completed_at"))
    # Explicit queries (not prefetch) so the count stays the same with zero records.
    certificates: dict[int, list] = defaultdict(list)
    Certificate = optional_model("certificates", "Certificate")
    if Certificate is not None:
        for certificate in Certificate.objects.filter(completion__user=user).order_by("-pk"):
            certificates[certificate.completion_id].append(certificate)
    for completion in completions:
        completion.certificate_list = certificates.get(completion.pk, [])
    cards = []
    Card = optional_model("certificates", "QuickReferenceCard")
    if Card is not None:
        latest: dict[str, object] = {}
        for card in (
            Card.objects.filter(course__completions__user=user)
            .distinct()
            .order_by("slug", "-version")
        ):
            latest.setdefault(card.slug, card)
        cards = list(latest.values())
    return OfficerOverview(
        assigned=sorted(
            (s for s in statuses if s.cell.due_on and not s.cell.is_valid),
            key=lambda s: s.cell.due_on,
        ),
        in_progress=[s for s in statuses if s.cell.state == State.IN_PROGRESS],
        expiring=[s for s in statuses if s.cell.state in (State.EXPIRING, State.EXPIRED)],
        available=[s for s in statuses if s.cell.state == State.NOT_STARTED and not s.cell.due_on],
        completions=completions,
        cards=cards,
    )
