"""Quick reference card PDFs: a 3.5 x 2 in wallet card (front and back) and an 8-up Letter sheet.

The wallet card is HTML rendered by xhtml2pdf; the sheet imposes that same PDF eight times per
side with pypdf (a dependency of xhtml2pdf) and adds crop marks drawn with ReportLab, so the
card on the sheet is exactly the card that was proofed.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from certificates.issuing import qr_data_uri
from certificates.models import QuickReferenceCard
from certificates.pdf import render_pdf

WALLET_TEMPLATE = "certificates/pdf/wallet_card.html"
CARD_WIDTH_PT, CARD_HEIGHT_PT = 252, 144  # 3.5 x 2 in
SHEET_COLUMNS, SHEET_ROWS = 2, 4
FONT_SIZES_PT = (7.0, 6.5, 6.0, 5.5, 5.0)  # shrink until each side fits on one card
CROP_MARK_LENGTH, CROP_MARK_GAP = 18, 6


def card_context(card: QuickReferenceCard, *, font_size: float) -> dict:
    online_url = card.online_url()
    return {
        "card": card,
        "front_sections": card.sections("front"),
        "back_sections": card.sections("back"),
        "phones": card.phone_numbers(),
        "online_url": online_url,
        "qr_data_uri": qr_data_uri(online_url) if card.show_qr else None,
        "font_size": font_size,
    }


def render_wallet_card_pdf(card: QuickReferenceCard) -> bytes:
    """Two pages, front then back, each 252 x 144 pt; the type shrinks until both fit."""
    pdf = b""
    for size in FONT_SIZES_PT:
        pdf = render_pdf(template_name=WALLET_TEMPLATE, context=card_context(card, font_size=size))
        if len(PdfReader(io.BytesIO(pdf)).pages) <= 2:
            return pdf
    # Still too long at the smallest size: keep the first two pages rather than a third card.
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in reader.pages[:2]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _crop_marks_page(origin_x: float, origin_y: float) -> PageObject:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=LETTER)
    drawing.setLineWidth(0.5)
    grid_w, grid_h = SHEET_COLUMNS * CARD_WIDTH_PT, SHEET_ROWS * CARD_HEIGHT_PT
    xs = [origin_x + i * CARD_WIDTH_PT for i in range(SHEET_COLUMNS + 1)]
    ys = [origin_y + j * CARD_HEIGHT_PT for j in range(SHEET_ROWS + 1)]
    gap, length = CROP_MARK_GAP, CROP_MARK_LENGTH
    for x in xs:  # vertical marks above and below the grid
        drawing.line(x, origin_y - gap, x, origin_y - gap - length)
        drawing.line(x, origin_y + grid_h + gap, x, origin_y + grid_h + gap + length)
    for y in ys:  # horizontal marks left and right of the grid
        drawing.line(origin_x - gap, y, origin_x - gap - length, y)
        drawing.line(origin_x + grid_w + gap, y, origin_x + grid_w + gap + length, y)
    drawing.showPage()
    drawing.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def render_card_sheet_pdf(card: QuickReferenceCard) -> bytes:
    """US Letter, 8 fronts on page 1 and 8 backs on page 2 (columns mirrored for duplex)."""
    wallet = PdfReader(io.BytesIO(render_wallet_card_pdf(card)))
    front = wallet.pages[0]
    back = wallet.pages[1] if len(wallet.pages) > 1 else None
    sheet_w, sheet_h = LETTER
    origin_x = (sheet_w - SHEET_COLUMNS * CARD_WIDTH_PT) / 2
    origin_y = (sheet_h - SHEET_ROWS * CARD_HEIGHT_PT) / 2
    writer = PdfWriter()
    for side, source in (("front", front), ("back", back)):
        if source is None:
            continue
        page = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for row in range(SHEET_ROWS):
            for column in range(SHEET_COLUMNS):
                # Long-edge duplex flips left and right: mirror the columns of the back.
                slot = column if side == "front" else SHEET_COLUMNS - 1 - column
                x = origin_x + slot * CARD_WIDTH_PT
                y = origin_y + row * CARD_HEIGHT_PT
                page.merge_transformed_page(source, Transformation().translate(x, y))
        page.merge_page(_crop_marks_page(origin_x, origin_y))
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
