"""The roll-call briefing: what a sergeant reads at a 10-15 minute pre-shift briefing.

It is CMS content on the course (CoursePage.roll_call_briefing), written by ORS authors in
timed segments of say/do steps, with an optional scenario, drawings and links to the agency's
SOP and the wallet card. Presenter mode (lms.rollcall) shows it one segment per slide; the
online lessons stay the full course.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from courses.blocks import DraftCheckedStreamBlock, IllustrationBlock

# A roll-call briefing is short by definition (published roll-call practice: segments of a
# few minutes, about 10-15 minutes in all; FACTS.md section 7 [S37]).
MAX_BRIEFING_MINUTES = 15
MAX_SEGMENT_MINUTES = 6

# Where a briefing link points. The URL is worked out when the briefing is shown, for the
# agency running the session (its adopted SOP) and the course (its current wallet card).
LINK_TARGETS = [
    ("agency_sop", _("The agency's SOP")),
    ("wallet_card", _("The course's wallet card")),
    ("family_insert", _("The family insert")),
    ("model_sop", _("The toolkit's model SOP")),
]


class SayDoBlock(blocks.StructBlock):
    """One step: what the presenter says aloud (full sentences) and what they do meanwhile."""

    say = blocks.TextBlock(
        required=False,
        label=_("Say"),
        help_text=_("Full sentences a sergeant can read aloud without preparation."),
    )
    do = blocks.TextBlock(
        required=False, label=_("Do"), help_text=_("What the presenter does or shows.")
    )

    class Meta:
        icon = "openquote"
        template = "courses/blocks/briefing_say_do.html"
        description = "A say / do step read at roll call"
        preview_value = {
            "say": "If the person is not breathing normally, start CPR and send for the AED.",
            "do": "Point to where the AED is kept in the patrol car.",
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("say") or "").strip() and not (value.get("do") or "").strip():
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(_("Write what to say, what to do, or both."))]
            )
        return value


class BriefingScenarioBlock(blocks.StructBlock):
    """A short scenario the presenter reads out, with prompts and what a good answer covers."""

    situation = blocks.TextBlock(label=_("Situation"))
    prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=300), min_num=1, label=_("Questions to the room")
    )
    answer = blocks.TextBlock(
        required=False,
        label=_("What a good answer covers"),
        help_text=_("Read out after the discussion, so every officer leaves with it."),
    )

    class Meta:
        icon = "group"
        template = "courses/blocks/briefing_scenario.html"
        description = "A scenario with questions and the answer to close on"
        preview_value = {
            "situation": "Two doses given, still no breathing.",
            "prompts": ["What now?"],
            "answer": "Start CPR and use the AED; keep going until EMS takes over.",
        }


class BriefingLinkBlock(blocks.StructBlock):
    """A link to a resource officers need after the briefing (the SOP, the wallet card)."""

    target = blocks.ChoiceBlock(choices=LINK_TARGETS, label=_("Links to"))
    label = blocks.CharBlock(max_length=120, label=_("Link text"))

    class Meta:
        icon = "link"
        template = "courses/blocks/briefing_link.html"
        description = "A link to the agency's SOP, the wallet card or the family insert"
        preview_value = {"target": "agency_sop", "label": "Read and acknowledge our SOP"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        links = (parent_context or {}).get("briefing_links") or {}
        context["href"] = links.get(value["target"])
        return context


class BriefingStepsBlock(blocks.StreamBlock):
    """The steps of one segment, in the order they are delivered."""

    say_do = SayDoBlock()
    scenario = BriefingScenarioBlock()
    illustration = IllustrationBlock()
    link = BriefingLinkBlock()


class BriefingSegmentBlock(blocks.StructBlock):
    """A timed part of the briefing (e.g. "Hands-on: the device", 4 minutes): one slide."""

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    minutes = blocks.IntegerBlock(
        min_value=1, max_value=MAX_SEGMENT_MINUTES, label=_("Minutes"), default=2
    )
    steps = BriefingStepsBlock(label=_("Steps"))

    class Meta:
        icon = "time"
        template = "courses/blocks/briefing_segment.html"
        description = "A timed segment of the roll-call briefing"
        preview_value = {
            "title": "Why this matters",
            "minutes": 2,
            "steps": [
                (
                    "say_do",
                    {
                        "say": "About one in twenty people treated for an overdose die within "
                        "a year.",
                        "do": "Hold up a kit.",
                    },
                )
            ],
        }


class RollCallBriefingBlock(DraftCheckedStreamBlock):
    """A whole roll-call briefing: timed segments adding up to at most 15 minutes."""

    segment = BriefingSegmentBlock()

    class Meta:
        icon = "group"
        description = "The roll-call briefing presenter mode shows"

    def clean(self, value):
        value = super().clean(value)
        total = sum(child.value["minutes"] or 0 for child in value)
        if total > MAX_BRIEFING_MINUTES:
            raise StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _(
                            "The segments add up to %(total)d minutes; a roll-call briefing "
                            "fits in %(max)d. Shorten or merge segments."
                        )
                        % {"total": total, "max": MAX_BRIEFING_MINUTES}
                    )
                ]
            )
        return value


@dataclass(frozen=True)
class TimedSegment:
    """A segment with its place on the clock ("0:00-2:00")."""

    block: blocks.StreamValue.StreamChild
    title: str
    starts_at: int
    ends_at: int

    @property
    def clock(self) -> str:
        return f"{self.starts_at}:00-{self.ends_at}:00"


def timed_segments(*, briefing) -> list[TimedSegment]:
    """The briefing's segments with running start and end minutes."""
    segments: list[TimedSegment] = []
    clock = 0
    for child in briefing:
        minutes = child.value["minutes"] or 0
        segments.append(
            TimedSegment(
                block=child, title=child.value["title"], starts_at=clock, ends_at=clock + minutes
            )
        )
        clock += minutes
    return segments
