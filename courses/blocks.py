"""StreamField blocks for lesson bodies.

Every block has a docstring and Meta with icon, template, description and preview_value, so
authors see a preview in the block picker.
"""

from __future__ import annotations

from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    """A section heading inside a lesson (rendered as h2)."""

    class Meta:
        icon = "title"
        template = "courses/blocks/heading_block.html"
        description = "A section heading"
        preview_value = "Recognising an opioid overdose"


class RichTextBlock(blocks.RichTextBlock):
    """Paragraphs of text with links and lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "courses/blocks/rich_text_block.html"
        description = "Paragraphs of text"
        preview_value = "<p>Naloxone reverses an opioid overdose by restoring breathing.</p>"


class LessonBodyBlock(blocks.StreamBlock):
    """The blocks an author can put in a lesson."""

    heading = HeadingBlock()
    rich_text = RichTextBlock()
