"""The certificate's page: its size, where the text frames sit, and the printed border.

The wording is HTML (templates/certificates/pdf/certificate.html, rendered by xhtml2pdf into two
frames whose boxes come from here). The double border is two more frames of that page, empty,
whose outlines xhtml2pdf strokes (ReportLab's frame boundary, a plain rectangle) before it sets
any text: it follows the margins exactly on US Letter and A4 alike, and it costs nothing beyond
the one render. (It used to be drawn on a second PDF and put under the text with pypdf, which
parsed and rewrote the whole certificate: a sixth of the time of a first download.)
"""

from __future__ import annotations

from dataclasses import dataclass

# Landscape page sizes in points.
PAPER_SIZES = {"letter": (792.0, 612.0), "a4": (841.89, 595.28)}
BORDER_MARGIN = 0.4 * 72  # from the page edge to the outer rule: inside every printer's margin
OUTER_RULE, INNER_RULE, RULE_GAP = 4.0, 1.0, 6.0
TEXT_INSET = 0.95 * 72  # from the page edge to the text
FOOTER_HEIGHT = 1.95 * 72  # signature, seal and QR code
NAVY, RUST = "#0b3d6e", "#a4400b"


@dataclass(frozen=True)
class Rule:
    """One rule of the border: a rectangle stroked `width` pt wide, centred on its outline."""

    offset: float  # from each page edge to the outline
    width: float
    color: str
    box_width: float
    box_height: float


@dataclass(frozen=True)
class CertificatePage:
    """Page and frame geometry in points (frames measured from the top-left, as CSS does)."""

    paper: str
    width: float
    height: float
    inset: float = TEXT_INSET
    top: float = 0.8 * 72

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.inset

    @property
    def footer_top(self) -> float:
        return self.height - self.inset + 0.25 * 72 - FOOTER_HEIGHT

    @property
    def main_height(self) -> float:
        return self.footer_top - self.top - 6

    @property
    def footer_height(self) -> float:
        return FOOTER_HEIGHT

    @property
    def rules(self) -> tuple[Rule, Rule]:
        """The navy outer rule and the rust inner one, as the template's border frames."""

        def rule(offset: float, width: float, color: str) -> Rule:
            box = (round(self.width - 2 * offset, 2), round(self.height - 2 * offset, 2))
            return Rule(round(offset, 2), width, color, *box)

        return (
            rule(BORDER_MARGIN + OUTER_RULE / 2, OUTER_RULE, NAVY),
            rule(BORDER_MARGIN + OUTER_RULE + RULE_GAP, INNER_RULE, RUST),
        )


def certificate_page(paper: str) -> CertificatePage:
    width, height = PAPER_SIZES.get(paper, PAPER_SIZES["letter"])
    return CertificatePage(paper=paper if paper in PAPER_SIZES else "letter", width=width,
                           height=height)  # fmt: skip
