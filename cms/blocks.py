"""The stream of a toolkit resource page (program benefits, model SOP, scripts).

The blocks themselves are courses.blocks, shared with lessons. Toolkit pages are reference
documents that also print as PDFs, so they offer a smaller set and render the blocks whose
look differs through the print-friendly templates in `cms/blocks/`.
"""

from __future__ import annotations

from courses.blocks import (
    DraftCheckedStreamBlock,
    HeadingBlock,
    KeyPointsBlock,
    RichTextBlock,
    ScriptLineBlock,
    StepsBlock,
    ToolkitCalloutBlock,
)


class ToolkitBodyBlock(DraftCheckedStreamBlock):
    """The blocks an author can put in a toolkit resource page."""

    heading = HeadingBlock(template="cms/blocks/heading.html")
    rich_text = RichTextBlock()
    callout = ToolkitCalloutBlock()
    steps = StepsBlock(template="cms/blocks/steps.html")
    key_points = KeyPointsBlock(template="cms/blocks/key_points.html")
    script_line = ScriptLineBlock()
