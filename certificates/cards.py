"""Quick reference card PDFs: a CR80 wallet card (front and back) and an 8-up Letter sheet.

CR80 is the size of a driver's licence or an ID card (3.375 x 2.125 in), so the card fits the
wallet slot officers keep their certification cards in. The generic card's QR code opens the card
online; the personal card (for one certificate) carries the holder's name, agency, expiry and
code, and its QR code opens that certificate's verification page.

The wallet card is HTML rendered by xhtml2pdf; the sheet imposes that same PDF eight times per
side with pypdf (a dependency of xhtml2pdf) and adds crop marks drawn with ReportLab, so the
card on the sheet is exactly the card that was proofed.
"""

from __future__ import annotations

import io

from django.utils.dateformat import format as format_date
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas
from reportlab.platypus.doctemplate import LayoutError

from certificates.design_pdf import qr_data_uri
from certificates.models import Certificate, QuickReferenceCard
from certificates.pdf import PdfRenderError, render_pdf
from courses.drawings import DRAWINGS

WALLET_TEMPLATE = "certificates/pdf/wallet_card.html"
CARD_WIDTH_PT, CARD_HEIGHT_PT = 243, 153  # CR80: 3.375 x 2.125 in
SHEET_COLUMNS, SHEET_ROWS = 2, 4
# Shrink until each side fits, but never under 7 pt: below that a card is not read in a car at
# night. A card still too long at 7 pt keeps its two sides (the admin preview shows what drops).
FONT_SIZES_PT = (8.0, 7.5, 7.0)
ORS_ISSUER = "NY Overdose Response Strategy"
CARD_DATE_FORMAT = "M j, Y"
CROP_MARK_LENGTH, CROP_MARK_GAP = 18, 6
# Pictures where a skill is taught: the back shows the spray going in (one panel of the lesson's
# three) and the recovery position its steps end with, beside the QR code.
CARD_PICTURES = (DRAWINGS["nasal-spray-press"], DRAWINGS["recovery-position"])


def card_context(
    card: QuickReferenceCard, *, font_size: float, certificate: Certificate | None = None
) -> dict:
    online_url = card.online_url()
    context = {
        "card": card,
        "front_sections": card.sections("front"),
        "back_sections": card.sections("back"),
        "phones": card.phone_numbers(),
        "online_url": online_url,
        "qr_data_uri": qr_data_uri(online_url) if card.show_qr else None,
        "qr_label": "Online card",
        "issuer": ORS_ISSUER,
        "holder": None,
        "pictures": CARD_PICTURES,
        "font_size": font_size,
        "title_size": font_size + 1.5,
    }
    if certificate is not None:
        context.update(
            # The holder's lines take the room of the second drawing: the spray stays.
            pictures=CARD_PICTURES[:1],
            issuer=certificate.agency_name or ORS_ISSUER,
            qr_data_uri=qr_data_uri(certificate.verification_url()),
            qr_label="Check my training",
            holder={
                "name": certificate.full_name,
                "agency": certificate.agency_name,
                "completed": format_date(certificate.completed_on, CARD_DATE_FORMAT),
                "expires": format_date(certificate.expires_on, CARD_DATE_FORMAT)
                if certificate.expires_on
                else "",
                "code": certificate.code,
            },
        )
    return context


def render_wallet_card_pdf(
    card: QuickReferenceCard, *, certificate: Certificate | None = None
) -> bytes:
    """Two CR80 pages, front then back; the type shrinks from 8 to 7 pt until both fit.

    With a certificate, the personal card: the holder's name, agency, expiry and code on the
    back, the agency as the issuer, and a QR code to the certificate's verification page.
    """
    pdf = b""
    for size in FONT_SIZES_PT:
        context = card_context(card, font_size=size, certificate=certificate)
        try:
            pdf = render_pdf(template_name=WALLET_TEMPLATE, context=context)
        except LayoutError:  # one block taller than a side: try the next size
            continue
        if len(PdfReader(io.BytesIO(pdf)).pages) <= 2:
            return pdf
    if not pdf:
        raise PdfRenderError(f"Card {card.slug} v{card.version}: a section is taller than a side")
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
