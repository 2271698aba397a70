"""HTML to PDF in one place: xhtml2pdf, fonts with wide Unicode coverage, a safe link callback.

Every PDF of the project (certificates, wallet cards, family inserts, SOPs, sign-in sheets) goes
through :func:`render_pdf`. Templates name two font families, ``rc-sans`` and ``rc-serif``;
this module binds them to the best TrueType files found on the machine:

1. DejaVu Sans / Serif from Debian's ``fonts-dejavu-core`` (``/usr/share/fonts/truetype/dejavu``,
   or the directory in the ``PDF_FONT_DIR`` setting). Covers Latin Extended, Vietnamese, Greek,
   Cyrillic: "Nguyễn", "O'Brien-Łukasz", "Zoë Ångström".
2. Bitstream Vera, which ships inside ReportLab (DejaVu's ancestor; Latin-1 only), so a machine
   without the apt package still renders, with a warning in the log.

xhtml2pdf and its fonts are imported when this module is imported, so the first PDF of a worker
does not pay the import (0.6-1 s measured) inside a request.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import reportlab
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy
from xhtml2pdf.default import DEFAULT_CSS, DEFAULT_FONT

from certificates.conf import app_settings

logger = logging.getLogger(__name__)

DEBIAN_DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
REPORTLAB_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"

SANS_FAMILY = "rc-sans"
SERIF_FAMILY = "rc-serif"


class PdfRenderError(Exception):
    """xhtml2pdf reported errors; the caller decides whether to show or retry."""


@dataclass(frozen=True)
class FontFamily:
    """Four TrueType files bound to one CSS font-family name."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def css(self) -> str:
        faces = [
            (self.regular, "normal", "normal"),
            (self.bold, "bold", "normal"),
            (self.italic, "normal", "italic"),
            (self.bold_italic, "bold", "italic"),
        ]
        return "\n".join(
            f"@font-face {{ font-family: {self.family}; src: url('{path}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
            for path, weight, style in faces
        )


@dataclass(frozen=True)
class FontChoice:
    """The fonts in use and whether they cover more than Latin-1 (for checks and the README)."""

    source: str
    wide_unicode: bool
    families: tuple[FontFamily, ...]

    @property
    def directories(self) -> tuple[Path, ...]:
        return tuple({f.regular.parent for f in self.families})

    def css(self) -> str:
        """The same fonts as @font-face rules, for a plain xhtml2pdf call (the benchmark's bare
        render); render_html_to_pdf names them through fonts registered once instead."""
        return "\n".join(f.css() for f in self.families)


def _dejavu(directory: Path) -> FontChoice | None:
    def face(name: str) -> Path:
        return directory / f"{name}.ttf"

    sans = FontFamily(
        SANS_FAMILY,
        face("DejaVuSans"),
        face("DejaVuSans-Bold"),
        face("DejaVuSans-Oblique"),
        face("DejaVuSans-BoldOblique"),
    )
    serif = FontFamily(
        SERIF_FAMILY,
        face("DejaVuSerif"),
        face("DejaVuSerif-Bold"),
        face("DejaVuSerif-Italic"),
        face("DejaVuSerif-BoldItalic"),
    )
    # fonts-dejavu-core has no serif italics on some releases; fall back to upright faces.
    if not (sans.regular.is_file() and sans.bold.is_file()):
        return None
    if not (serif.regular.is_file() and serif.bold.is_file()):
        serif = FontFamily(SERIF_FAMILY, sans.regular, sans.bold, sans.italic, sans.bold_italic)

    def existing(family: FontFamily) -> FontFamily:
        return FontFamily(
            family.family,
            family.regular,
            family.bold,
            family.italic if family.italic.is_file() else family.regular,
            family.bold_italic if family.bold_italic.is_file() else family.bold,
        )

    return FontChoice(f"DejaVu ({directory})", True, (existing(sans), existing(serif)))


def _vera() -> FontChoice:
    def face(name: str) -> Path:
        return REPORTLAB_FONT_DIR / f"{name}.ttf"

    vera = (face("Vera"), face("VeraBd"), face("VeraIt"), face("VeraBI"))
    return FontChoice(
        "Bitstream Vera (bundled with ReportLab; Latin-1 only)",
        False,
        (FontFamily(SANS_FAMILY, *vera), FontFamily(SERIF_FAMILY, *vera)),
    )


@cache
def font_choice() -> FontChoice:
    """The font set for every PDF, chosen once per process."""
    configured = app_settings.pdf_font_dir
    for directory in [Path(configured)] if configured else []:
        choice = _dejavu(directory)
        if choice:
            return choice
    choice = _dejavu(DEBIAN_DEJAVU_DIR)
    if choice:
        return choice
    logger.warning(
        "DejaVu fonts not found (install Debian's fonts-dejavu-core or set PDF_FONT_DIR); "
        "PDFs fall back to Bitstream Vera, which cannot print names such as 'Łukasz' or 'Nguyễn'."
    )
    return _vera()


def _resource_roots() -> tuple[Path, ...]:
    roots: list[Path] = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    for attr in ("STATIC_ROOT", "MEDIA_ROOT"):
        value = getattr(settings, attr, None)
        if value:
            roots.append(Path(value))
    roots.extend(font_choice().directories)
    return tuple(root.resolve() for root in roots)


def _policy() -> ResourceAccessPolicy:
    # Our templates are trusted, but rich text inside them is authored in the admin: no network,
    # and local reads only from static, media and font directories.
    return ResourceAccessPolicy.server(
        base_dir=None,
        extra_roots=_resource_roots(),
        allow_remote=False,
        max_render_seconds=60,
    )


def link_callback(uri: str, rel: str | None = None) -> str:
    """Map /static/ and /media/ URLs to files on disk; leave data: URIs and file paths alone.

    Anything else comes back unchanged and is then refused by the resource policy, so a
    template cannot make the renderer fetch from the network.
    """
    if uri.startswith("data:"):
        return uri
    path = unquote(urlsplit(uri).path)
    static_url = settings.STATIC_URL or "/static/"
    media_url = settings.MEDIA_URL or "/media/"
    if path.startswith(static_url):
        relative = path[len(static_url) :]
        found = finders.find(relative)
        if found:
            return str(Path(found).resolve())
        if settings.STATIC_ROOT:
            return str((Path(settings.STATIC_ROOT) / relative).resolve())
    if path.startswith(media_url):
        return str((Path(settings.MEDIA_ROOT) / path[len(media_url) :]).resolve())
    return uri


def data_uri(data: bytes, mime_type: str) -> str:
    """Embed image bytes in the HTML; works with any storage backend (S3 as well as disk)."""
    return f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"


@cache
def _registered_font(path: str) -> str:
    """Register a TrueType file with ReportLab once per process, under a private name."""
    name = f"rc-font-{abs(hash(path))}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return name


@cache
def _registered_families(choice: FontChoice) -> dict[str, str]:
    """The choice's families registered with ReportLab once per process (four faces each),
    as xhtml2pdf's font table names them: CSS family name -> ReportLab family name.

    Declared with @font-face instead, every render parsed the rules, checked the eight font
    paths against the resource policy and read every file again to fingerprint it (13 of the
    44 ms of CPU of a certificate here), only to find the fonts already registered.
    """
    families = {}
    for family in choice.families:
        name = f"{family.family}-{abs(hash(family))}"
        pdfmetrics.registerFontFamily(
            name,
            normal=_registered_font(str(family.regular)),
            bold=_registered_font(str(family.bold)),
            italic=_registered_font(str(family.italic)),
            boldItalic=_registered_font(str(family.bold_italic)),
        )
        families[family.family] = name
    return families


def fit_font_size(
    text: str,
    *,
    max_width_pt: float,
    sizes: tuple[int, ...],
    serif: bool = False,
    bold: bool = True,
) -> int:
    """The largest of `sizes` (descending) at which `text` fits on one line of `max_width_pt`.

    Measured with the very font the PDF uses, so a 60-character name shrinks instead of
    overflowing; when even the smallest size is too wide the text wraps at that size.
    """
    family = font_choice().families[1 if serif else 0]
    font = _registered_font(str(family.bold if bold else family.regular))
    for size in sizes:
        if pdfmetrics.stringWidth(text, font, size) <= max_width_pt:
            return size
    return sizes[-1]


def text_width_pt(text: str, *, size: float, bold: bool = False) -> float:
    """How wide `text` prints in the sans face at `size` points, measured with the very font the
    PDF uses (for fitting a table's columns to what they hold)."""
    family = font_choice().families[0]
    return pdfmetrics.stringWidth(
        text, _registered_font(str(family.bold if bold else family.regular)), size
    )


def break_long_words(text: str, *, max_width_pt: float, size: float, bold: bool = False) -> str:
    """`text` with a space put into any word too wide for `max_width_pt` at `size`.

    xhtml2pdf never breaks inside a word, so one long surname would run into the next column.
    The break goes after a hyphen where one fits, else between letters: the text keeps its
    size and wraps, instead of shrinking or overflowing.
    """

    def fits(word: str) -> bool:
        return text_width_pt(word, size=size, bold=bold) <= max_width_pt

    def split(word: str) -> list[str]:
        if fits(word):
            return [word]
        hyphens = [i + 1 for i, ch in enumerate(word[:-1]) if ch == "-" and fits(word[: i + 1])]
        cut = (
            hyphens[-1]
            if hyphens
            else max((i for i in range(1, len(word)) if fits(word[:i])), default=1)
        )
        return [word[:cut], *split(word[cut:])]

    return " ".join(part for word in text.split(" ") for part in split(word))


def render_html_to_pdf(html: str) -> bytes:
    """Convert already rendered HTML; raises PdfRenderError when xhtml2pdf reports errors."""
    out = io.BytesIO()
    # xhtml2pdf's table of font-family names (copied into every document): rc-sans and
    # rc-serif name the fonts registered once per process.
    DEFAULT_FONT.update(_registered_families(font_choice()))
    status = pisa.CreatePDF(
        html,
        dest=out,
        link_callback=link_callback,
        default_css=DEFAULT_CSS,
        encoding="utf-8",
        resource_policy=_policy(),
    )
    if status.err:
        raise PdfRenderError(f"xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()


def render_pdf(*, template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """Render a Django template to PDF bytes.

    Templates use ``font-family: rc-sans`` or ``rc-serif`` (bound to DejaVu here), ``@page``
    rules for size and margins, and ``/static/`` or ``/media/`` URLs or data: URIs for images.
    """
    context = dict(context or {})
    context.setdefault("pdf_font_sans", SANS_FAMILY)
    context.setdefault("pdf_font_serif", SERIF_FAMILY)
    html = render_to_string(template_name, context)
    return render_html_to_pdf(html)


# Choose and register the fonts at import, so that it happens once, at worker start-up.
try:
    _registered_families(font_choice())
except Exception:  # settings not configured yet (e.g. imported by tooling)
    logger.debug("PDF fonts will be chosen on first use", exc_info=True)
