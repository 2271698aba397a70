"""Quick reference card PDFs: a CR80 wallet card (front and back) and an 8-up Letter sheet.

CR80 is the size of a driver's licence or an ID card (3.375 x 2.125 in), so the card fits the
wallet slot officers keep their certification cards in. The generic card's QR code opens the card
online; the personal card (for one certificate) carries the holder's name, agency, expiry and
code, and its QR code opens that certificate's verification page.

The wallet card is HTML rendered by xhtml2pdf, each side as its own one-page document, so a
side that runs long can never push the other off the card; the two are then put together. The
sheet imposes that same PDF eight times per side with pypdf (a dependency of xhtml2pdf) and adds
crop marks drawn with ReportLab, so the card on the sheet is exactly the card that was proofed.

A personal card's holder lines (name, agency, expiry, code) are measured with the card's font
and given the room they need at the foot of the back, so a long name or agency wraps at 7 pt
instead of being shrunk to fit a fixed box; a long agency name on the front's band goes under
the title instead of beside it.
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
from certificates.pdf import PdfRenderError, break_long_words, render_pdf, text_width_pt
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
# Geometry of the back, in points (the template's frames): the text column's top, the foot's
# bottom edge and its width, the type and line height of the holder's lines.
BACK_TEXT_TOP, FOOT_BOTTOM, FOOT_WIDTH = 0.09 * 72, 2.08 * 72, 3.155 * 72
PICTURE_TOP_UNDER_QR = 0.8 * 72
HOLDER_PT, ISSUER_PT, LINE_HEIGHT = 7.0, 7.0, 1.12
HOLDER_RULE_PT = 2.5  # the rule above the holder's lines, with its padding
# The front's band: the issuer beside the title in 42% of the width, on at most two lines; a
# longer issuer (an agency's full name) goes on its own line under the title.
ISSUER_PERCENT = 42
ISSUER_CELL_PT = ISSUER_PERCENT / 100 * FOOT_WIDTH - 6  # less the cell's padding
ISSUER_BESIDE_MAX_LINES = 2
# Pictures where a skill is taught: the back shows the spray going in (one panel of the lesson's
# three) and the recovery position its steps end with, beside the QR code.
CARD_PICTURES = (DRAWINGS["nasal-spray-press"], DRAWINGS["recovery-position"])


def line_count(text: str, *, width_pt: float, size: float, bold: bool = False) -> int:
    """Lines `text` takes when xhtml2pdf wraps it at spaces into `width_pt`."""
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width_pt(candidate, size=size, bold=bold) > width_pt:
            lines, current = lines + 1, word
        else:
            current = candidate
    return lines


def _holder(certificate: Certificate) -> dict:
    """The personal card's lines, each word short enough to wrap, with the height they need."""
    width = FOOT_WIDTH - 2  # a point of play each side
    name = break_long_words(certificate.full_name, max_width_pt=width, size=HOLDER_PT, bold=True)
    agency = break_long_words(certificate.agency_name or "", max_width_pt=width, size=HOLDER_PT)
    expires = (
        format_date(certificate.expires_on, CARD_DATE_FORMAT) if certificate.expires_on else ""
    )
    together = f"{name} · {agency}" if agency else name
    one_line = line_count(together, width_pt=width, size=HOLDER_PT, bold=True) == 1
    lines = (
        1
        if one_line
        else line_count(name, width_pt=width, size=HOLDER_PT, bold=True)
        + (line_count(agency, width_pt=width, size=HOLDER_PT) if agency else 0)
    )
    lines += 1  # "Trained until ... · code · Card vN"
    return {
        "name": name,
        "agency": agency,
        "agency_on_its_own_line": not one_line,
        "completed": format_date(certificate.completed_on, CARD_DATE_FORMAT),
        "expires": expires,
        "code": certificate.code,
        "height": lines * HOLDER_PT * LINE_HEIGHT + HOLDER_RULE_PT,
    }


def _back_frames(*, holder: dict | None, has_qr: bool, has_pictures: bool) -> dict:
    """Where the back's text, picture and foot frames sit (points, from the top)."""
    foot_height = holder["height"] + 2 if holder else 0.15 * 72
    foot_top = FOOT_BOTTOM - foot_height
    picture_top = PICTURE_TOP_UNDER_QR if has_qr else 0.2 * 72
    return {
        "text_width": (2.42 if has_qr or has_pictures else 3.155) * 72,
        "text_height": foot_top - BACK_TEXT_TOP - 1.5,
        "picture_top": picture_top,
        "picture_height": foot_top - picture_top - 1,
        "foot_top": foot_top,
        "foot_height": foot_height,
    }


def card_context(
    card: QuickReferenceCard,
    *,
    font_size: float,
    certificate: Certificate | None = None,
    side: str = "front",
) -> dict:
    online_url = card.online_url()
    context = {
        "card": card,
        "side": side,
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
            holder=_holder(certificate),
        )
    context["issuer_percent"] = ISSUER_PERCENT
    context["issuer_percent_negative"] = -ISSUER_PERCENT
    context["issuer_under_title"] = (
        line_count(context["issuer"], width_pt=ISSUER_CELL_PT, size=ISSUER_PT)
        > ISSUER_BESIDE_MAX_LINES
    )
    context["frames"] = _back_frames(
        holder=context["holder"],
        has_qr=bool(context["qr_data_uri"]),
        has_pictures=bool(context["pictures"]),
    )
    return context


def _render_side(card, *, side: str, certificate: Certificate | None) -> bytes:
    """One side, one page: the type shrinks from 8 to 7 pt until it fits; still too long at
    7 pt, its first page is kept (the admin preview shows what drops)."""
    pdf = b""
    for size in FONT_SIZES_PT:
        context = card_context(card, font_size=size, certificate=certificate, side=side)
        try:
            pdf = render_pdf(template_name=WALLET_TEMPLATE, context=context)
        except LayoutError:  # one block taller than a side: try the next size
            continue
        if len(PdfReader(io.BytesIO(pdf)).pages) == 1:
            return pdf
    if not pdf:
        raise PdfRenderError(f"Card {card.slug} v{card.version}: a section is taller than a side")
    return pdf


def render_wallet_card_pdf(
    card: QuickReferenceCard, *, certificate: Certificate | None = None
) -> bytes:
    """Two CR80 pages, front then back, each side in the largest type from 8 to 7 pt it fits.

    With a certificate, the personal card: the holder's name, agency, expiry and code on the
    back, the agency as the issuer, and a QR code to the certificate's verification page.
    """
    writer = PdfWriter()
    for side in ("front", "back"):
        pdf = _render_side(card, side=side, certificate=certificate)
        writer.add_page(PdfReader(io.BytesIO(pdf)).pages[0])
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
