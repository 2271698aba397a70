"""What presenter mode shows: the course's roll-call briefing, with links for this session.

The briefing is CMS content on the course (courses.briefing); this module only decides, for one
session, which segments to show and where its links point (the agency's adopted SOP, the
course's current wallet card), so the presenter view stays a thin page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse

from courses.briefing import TimedSegment, timed_segments
from lms.rollcall.models import RollCallSession


@dataclass(frozen=True)
class PresenterBriefing:
    segments: list[TimedSegment] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def total_minutes(self) -> int:
        return self.segments[-1].ends_at if self.segments else 0


def briefing_links_for(*, session: RollCallSession) -> dict[str, str]:
    """Where each briefing link target points for this session's agency and course."""
    links = {
        "agency_sop": reverse("cms:agency_sop", kwargs={"agency_id": session.agency_id}),
        "family_insert": reverse("cms:family_insert_index"),
    }
    # Looked up by app label: the briefing names these resources, it does not own them.
    toolkit_page = apps.get_model("cms", "ToolkitPage")
    model_sop = toolkit_page.objects.live().filter(kind="model_sop").order_by("path").first()
    if model_sop is not None:
        links["model_sop"] = model_sop.url
    if session.course is not None:
        card = session.course.quick_reference_cards.order_by("-version").first()
        if card is not None:
            links["wallet_card"] = reverse("certificates:card", kwargs={"slug": card.slug})
    return links


def presenter_briefing_for(*, session: RollCallSession) -> PresenterBriefing:
    """The session course's published roll-call briefing (empty when it has none)."""
    course = session.course
    if course is None or not course.roll_call_briefing:
        return PresenterBriefing()
    return PresenterBriefing(
        segments=timed_segments(briefing=course.roll_call_briefing),
        links=briefing_links_for(session=session),
    )
