"""StreamField blocks for toolkit resource pages (program benefits, model SOP, scripts).

Lessons use courses.blocks; toolkit pages are reference documents that also print as PDFs, so
they keep a smaller, print-friendly set. Every block has a docstring and Meta with icon,
template, description and preview_value, so authors see a preview in the block picker.
"""

from __future__ import annotations

from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    """A section heading (rendered as h2)."""

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        description = "A section heading"
        preview_value = "When to leave a kit"


class RichTextBlock(blocks.RichTextBlock):
    """Paragraphs of text with links and lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/rich_text.html"
        description = "Paragraphs of text"
        preview_value = "<p>Offer the kit to the person and the people with them.</p>"


class CalloutBlock(blocks.StructBlock):
    """A boxed note: information, a warning, or a legal point."""

    kind = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("warning", "Warning"), ("legal", "Legal")],
        default="info",
    )
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        description = "A boxed note (information, warning or legal)"
        preview_value = {
            "kind": "warning",
            "title": "Always call 911",
            "body": "<p>Naloxone wears off; the person needs medical care.</p>",
        }


class StepBlock(blocks.StructBlock):
    """One numbered step."""

    title = blocks.CharBlock(max_length=160)
    text = blocks.TextBlock(required=False)

    class Meta:
        icon = "list-ol"


class StepsBlock(blocks.ListBlock):
    """A numbered list of steps, each with a short title and optional detail."""

    def __init__(self, **kwargs):
        super().__init__(StepBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/steps.html"
        description = "Numbered steps"
        preview_value = [
            {"title": "Call 911", "text": "Say the person is not breathing."},
            {"title": "Give naloxone", "text": "One spray in one nostril."},
        ]


class KeyPointsBlock(blocks.ListBlock):
    """A short bulleted summary of what to remember."""

    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(max_length=300), **kwargs)

    class Meta:
        icon = "tick"
        template = "cms/blocks/key_points.html"
        description = "Key points to remember"
        preview_value = ["Call 911 even if the person wakes up.", "Stay until EMS arrives."]


class ScriptLineBlock(blocks.StructBlock):
    """What the trainer says or does at one moment of a roll-call session."""

    minutes = blocks.CharBlock(max_length=20, required=False, help_text="e.g. 0:00-2:00")
    say = blocks.TextBlock()
    do = blocks.TextBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/script_line.html"
        description = "A timed line of a roll-call script"
        preview_value = {
            "minutes": "0:00-1:00",
            "say": "Today: why we leave naloxone behind.",
            "do": "Hold up a kit.",
        }


class ToolkitBodyBlock(blocks.StreamBlock):
    """The blocks an author can put in a toolkit resource page."""

    heading = HeadingBlock()
    rich_text = RichTextBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    key_points = KeyPointsBlock()
    script_line = ScriptLineBlock()
