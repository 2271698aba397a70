"""The certificate's page: its size, where the text frames sit, and the printed border.

The wording is HTML (templates/certificates/pdf/certificate.html, rendered by xhtml2pdf into two
frames whose boxes come from here). The double border is drawn with ReportLab on a page of the
same size and put under the text with pypdf, so it follows the margins exactly on US Letter and
A4 alike; xhtml2pdf boxes stop where their content stops, which left a blank band under the old
frame.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import HexColor
from reportlab.pdfgen import canvas

# Landscape page sizes in points.
PAPER_SIZES = {"letter": (792.0, 612.0), "a4": (841.89, 595.28)}
BORDER_MARGIN = 0.4 * 72  # from the page edge to the outer rule: inside every printer's margin
OUTER_RULE, INNER_RULE, RULE_GAP = 4.0, 1.0, 6.0
TEXT_INSET = 0.95 * 72  # from the page edge to the text
FOOTER_HEIGHT = 1.95 * 72  # signature, seal and QR code
NAVY, RUST = HexColor("#0b3d6e"), HexColor("#a4400b")


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


def certificate_page(paper: str) -> CertificatePage:
    width, height = PAPER_SIZES.get(paper, PAPER_SIZES["letter"])
    return CertificatePage(paper=paper if paper in PAPER_SIZES else "letter", width=width,
                           height=height)  # fmt: skip


def _border_pdf(page: CertificatePage) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(page.width, page.height))
    outer = BORDER_MARGIN + OUTER_RULE / 2
    drawing.setStrokeColor(NAVY)
    drawing.setLineWidth(OUTER_RULE)
    drawing.rect(outer, outer, page.width - 2 * outer, page.height - 2 * outer)
    inner = BORDER_MARGIN + OUTER_RULE + RULE_GAP
    drawing.setStrokeColor(RUST)
    drawing.setLineWidth(INNER_RULE)
    drawing.rect(inner, inner, page.width - 2 * inner, page.height - 2 * inner)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def add_border(pdf: bytes, *, page: CertificatePage) -> bytes:
    """`pdf` with the double border under the text of every page."""
    border = PdfReader(io.BytesIO(_border_pdf(page))).pages[0]
    writer = PdfWriter()
    for text_page in PdfReader(io.BytesIO(pdf)).pages:
        framed = writer.add_blank_page(width=page.width, height=page.height)
        framed.merge_page(border)
        framed.merge_page(text_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
