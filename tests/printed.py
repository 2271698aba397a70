"""Read printed output the way a person meets it: words and type sizes on the page, page sizes,
QR codes decoded from the rendered page image, spreadsheets opened as Excel would."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
import zxingcpp

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
