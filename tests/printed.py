"""Read printed output the way a person meets it: words and type sizes on the page, page sizes,
QR codes decoded from the rendered page image, spreadsheets opened as Excel would."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pdfplumber
import zxingcpp
from reportlab.graphics import renderPDF
from svglib.svglib import svg2rlg

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Word:
    text: str
    size: float  # points
    top: float
    x0: float
    x1: float


def pdf_pages(pdf: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(pdf))


def page_sizes_in(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page in inches, rounded to a thousandth."""
    with pdf_pages(pdf) as document:
        return [
            (round(p.width / POINTS_PER_INCH, 3), round(p.height / POINTS_PER_INCH, 3))
            for p in document.pages
        ]


def page_words(pdf: bytes, page_number: int = 0) -> list[Word]:
    """The words of one page with the size each is set in."""
    with pdf_pages(pdf) as document:
        page = document.pages[page_number]
        return [
            Word(w["text"], round(float(w["size"]), 2), float(w["top"]), float(w["x0"]),
                 float(w["x1"]))
            for w in page.extract_words(extra_attrs=["size"])
        ]  # fmt: skip


def page_text(pdf: bytes, page_number: int = 0) -> str:
    with pdf_pages(pdf) as document:
        return document.pages[page_number].extract_text() or ""


def smallest_type_pt(pdf: bytes) -> float:
    """The smallest size any character of the document is printed in."""
    with pdf_pages(pdf) as document:
        return min(char["size"] for page in document.pages for char in page.chars)


def qr_codes(pdf: bytes, page_number: int = 0, *, dpi: int = 200) -> list[str]:
    """The text of every QR code a phone camera would read on the printed page."""
    with pdf_pages(pdf) as document:
        picture = document.pages[page_number].to_image(resolution=dpi).original
    return [result.text for result in zxingcpp.read_barcodes(picture.convert("L"))]


def svg_qr_codes(svg: str) -> list[str]:
    """The text of every QR code in an SVG picture as a screen shows it (the join page's inline
    SVG, or an ``<img>``'s ``data:image/svg+xml`` address), drawn on a page and scanned."""
    if svg.startswith("data:"):
        svg = unquote(svg.split(",", 1)[1])
    drawing = svg2rlg(io.BytesIO(svg.encode()))
    return qr_codes(renderPDF.drawToString(drawing), dpi=150)


def inline_svgs(html: str) -> list[str]:
    """Every inline ``<svg>`` element of a page, as markup."""
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
