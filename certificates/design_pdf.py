"""A certificate design printed with given values: every certificate and the admin preview.

Plain values in, one PDF page out; which certificate and where it is stored are
certificates.rendering's."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from typing import TYPE_CHECKING

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from pypdf import PdfReader

from certificates.certificate_page import certificate_page
from certificates.pdf import data_uri, fit_font_size, render_pdf
from lms.conf import absolute_url
from lms.conf import app_settings as lms_settings

if TYPE_CHECKING:  # the models import this module for their admin preview
    from certificates.models import CertificateTemplate

logger = logging.getLogger(__name__)

CERTIFICATE_PDF_TEMPLATE = "certificates/pdf/certificate.html"
NAME_MAX_WIDTH_PT = 600  # of the 9.1 in (655 pt) text frame of a landscape Letter page
NAME_FONT_SIZES = (40, 36, 32, 28, 24, 21, 18, 16, 14)
DATE_FORMAT = "F j, Y"


# Design images (logo, signature) as data: URIs, per image file and rendition spec. They are
# the same for every certificate of a design, so a render neither queries the rendition nor
# reads and encodes the file again. A new file for the image changes its name and hash.
_IMAGE_DATA_URIS: dict[tuple, str] = {}
_IMAGE_DATA_URIS_MAX = 16


def _image_data_uri(image, spec: str) -> str | None:
    """A Wagtail image as a data: URI (any storage backend), or None when it cannot be read."""
    if image is None:
        return None
    key = (image.pk, image.file.name, image.file_hash, spec)
    cached = _IMAGE_DATA_URIS.get(key)
    if cached is None:
        cached = _read_image_data_uri(image, spec)
        if cached is None:
            return None  # not remembered: a file put back later is picked up
        if len(_IMAGE_DATA_URIS) >= _IMAGE_DATA_URIS_MAX:
            _IMAGE_DATA_URIS.clear()
        _IMAGE_DATA_URIS[key] = cached
    return cached


def _read_image_data_uri(image, spec: str) -> str | None:
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # a missing or unreadable file must not stop the certificate
        logger.warning("Certificate image %s could not be read; printing without it", image.pk)
        return None
    mime = "image/jpeg" if rendition.file.name.lower().endswith((".jpg", ".jpeg")) else "image/png"
    return data_uri(data, mime)


def qr_data_uri(url: str) -> str:
    """A QR code PNG (medium error correction, quiet zone of 2 modules) as a data: URI.

    The PNG only carries the pixels into xhtml2pdf, which decodes it at once and compresses the
    image itself, so it is written with zlib's fastest level (segno's default, 9, took a third
    of the time of the PNG, for a data: URI 200 characters shorter); the printed code is the same, pixel for pixel.
    """
    qr = segno.make(url, error="m", micro=False)
    return qr.png_data_uri(scale=8, border=2, compresslevel=1)


SEAL_BOX_PT = (160, 115)  # the seal's box at the foot of the certificate: 1.6 in tall


def seal_size(image) -> tuple[float, float]:
    """The seal or logo scaled into its box with its own proportions (width, height in pt)."""
    box_width, box_height = SEAL_BOX_PT
    if image is None or not image.width or not image.height:
        return (box_height, box_height)
    scale = min(box_width / image.width, box_height / image.height)
    return (round(image.width * scale, 1), round(image.height * scale, 1))


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        # A design saved before validation, or edited in the database: print it as written.
        return text


def certificate_pdf_context(
    *,
    template: CertificateTemplate,
    full_name: str,
    agency_name: str,
    course_title: str,
    completed_on: dt.date,
    expires_on: dt.date | None,
    code: str,
    verification_url: str,
    signatory_name: str,
    signatory_title: str,
) -> dict:
    completed = format_date(completed_on, DATE_FORMAT)
    expires = format_date(expires_on, DATE_FORMAT) if expires_on else ""
    values = {
        "name": full_name,
        "agency": agency_name,
        "course": course_title,
        "completed": completed,
        "expires": expires,
    }
    page = certificate_page(template.paper_size)
    values["issuer"] = template.issuer
    return {
        "page": page,
        # The verify form's address (short enough to type), the code printed once beside it.
        "verify_address": lms_settings.site_url.split("://", 1)[-1]
        + reverse("certificates:verify_form"),
        "heading": _fill(template.heading, values),
        "body": _fill(template.body, values).strip(),
        "expiry_line": _fill(template.expiry_line, values) if expires_on else "",
        "footer": _fill(template.footer, values),
        "full_name": full_name,
        "name_font_size": fit_font_size(
            full_name,
            max_width_pt=min(NAME_MAX_WIDTH_PT, page.frame_width - 40),
            sizes=NAME_FONT_SIZES,
            serif=True,
        ),
        "agency_name": agency_name,
        "course_title": course_title,
        "completed": completed,
        "expires": expires,
        "code": code,
        "verification_url": verification_url,
        "qr_data_uri": qr_data_uri(verification_url),
        "signatory_name": signatory_name,
        "signatory_title": signatory_title,
        "signature_data_uri": _image_data_uri(template.signature_image, "max-600x200|format-png"),
        "logo_data_uri": _image_data_uri(template.logo, "max-480x480"),
        "seal_size": seal_size(template.logo),
    }


_PAGE_TREE = re.compile(rb"<<[^<>]*/Type /Pages[^<>]*>>")
_PAGE_COUNT = re.compile(rb"/Count (\d+)")


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written by ReportLab, read from its page tree without parsing the file.

    ReportLab writes the tree uncompressed, so the root's ``/Count`` (the largest of the tree's
    counts) is found by a scan; any other PDF is parsed with pypdf.
    """
    counts = [
        int(count.group(1))
        for tree in _PAGE_TREE.finditer(pdf)
        if (count := _PAGE_COUNT.search(tree.group()))
    ]
    if counts:
        return max(counts)
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_one_page(context: dict) -> bytes:
    """A certificate is one page: long wording set by ORS gets the compact layout."""
    pdf = render_pdf(template_name=CERTIFICATE_PDF_TEMPLATE, context=context)
    if pdf_page_count(pdf) > 1:
        pdf = render_pdf(
            template_name=CERTIFICATE_PDF_TEMPLATE, context={**context, "compact": True}
        )
    return pdf


SAMPLE_NAME = "Zoë Ångström-Nguyễn O'Brien-Łukasz"


def render_template_preview(*, template: CertificateTemplate) -> bytes:
    """The design with sample data (a long Unicode name), for the admin preview."""
    today = timezone.localdate()
    code = "RC-7K4M-Q2XP"
    context = certificate_pdf_context(
        template=template,
        full_name=SAMPLE_NAME,
        agency_name="Capital City Police Department",
        course_title="Leave-Behind Naloxone for Law Enforcement",
        completed_on=today,
        expires_on=today.replace(year=today.year + 2),
        code=code,
        verification_url=absolute_url(f"/verify/{code}/"),
        signatory_name=template.signatory_name,
        signatory_title=template.signatory_title,
    )
    return render_one_page(context)
