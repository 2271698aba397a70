"""An agency's SOP as plain text: the starting point drawn from the toolkit's model SOP, and the
placeholder check that keeps "[Agency name]" out of anything officers acknowledge."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

from cms.models import ToolkitPage

# "[Agency name]", "[quarterly]", "[Agency option: e.g. family asks for one.]": one line, no
# nested brackets. Real SOP text rarely needs square brackets; where it does, parentheses read
# the same.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,200}\]")
AGENCY_NAME_PLACEHOLDER = re.compile(r"\[\s*agency(?:'s)? name\s*\]", re.IGNORECASE)
SOP_TEXT_MAX_CHARS = 100_000


def placeholders_in(text: str) -> list[str]:
    """Each distinct bracketed placeholder left in the text, in the order they first appear."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _plain(rich_html: str) -> str:
    paragraphs = re.split(r"</p>|<br\s*/?>|</li>", str(rich_html))
    lines = [" ".join(html.unescape(strip_tags(p)).split()) for p in paragraphs]
    return "\n\n".join(line for line in lines if line)


def _block_text(block) -> str:
    """Plain text of one model SOP block. Callouts are notes to whoever adapts the model
    ("Adapt before adopting"), not part of an agency's procedure, so they are left out."""
    kind, value = block.block_type, block.value
    if kind == "heading":
        return str(value).upper()
    if kind == "rich_text":
        return _plain(value.source if hasattr(value, "source") else value)
    if kind == "steps":
        return "\n".join(
            f"{number}. {step['title']}: {step['text']}" for number, step in enumerate(value, 1)
        )
    if kind == "key_points":
        return "\n".join(f"- {point}" for point in value)
    if kind == "callout":
        return ""
    return _plain(block.render())


def model_sop_starting_text(*, page: ToolkitPage | None, agency_name: str) -> str:
    """The model SOP as text with the agency's name filled in; the other placeholders stay for
    the supervisor to complete (adoption refuses text that still has any)."""
    if page is None:
        return ""
    text = "\n\n".join(part for part in (_block_text(b) for b in page.body) if part)
    return AGENCY_NAME_PLACEHOLDER.sub(agency_name, text)


def normalise_sop_text(text: str) -> str:
    """Unix line ends, no trailing spaces, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
