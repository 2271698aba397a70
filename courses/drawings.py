"""Drawings made for this project (SVG in static/img/drawings/), shared by lessons and inserts.

Uploaded SVG is refused for safety (cms upload checks), so the drawings ship as static files and
authors pick one by name; each use carries its own alt text and a text equivalent in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Drawing:
    slug: str
    label: str
    width: int
    height: int

    @property
    def path(self) -> str:
        """Path under static/, for PDF rendering through the link callback."""
        return f"img/drawings/{self.slug}.svg"

    @property
    def url(self) -> str:
        return static(self.path)


DRAWINGS = {
    drawing.slug: drawing
    for drawing in (
        Drawing("nasal-spray-steps", _("Giving nasal naloxone: hold, insert, press"), 600, 220),
        Drawing("recovery-position", _("The recovery position"), 400, 200),
        # The wallet card's one-panel version of the spray steps (a card has no room for three).
        Drawing("nasal-spray-press", _("One nostril, press firmly"), 180, 180),
    )
}


def drawing_choices() -> list[tuple[str, str]]:
    return [(slug, drawing.label) for slug, drawing in DRAWINGS.items()]
