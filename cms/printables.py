"""PDFs of toolkit pages and family inserts, through the project's one PDF renderer."""

from __future__ import annotations

from django.utils import timezone

from certificates.pdf import render_pdf
from cms.insert_pictures import insert_pictures


def _render(template_name: str, context: dict) -> bytes:
    return render_pdf(template_name=template_name, context=context)


def render_toolkit_pdf(*, page) -> bytes:
    """A printable letter-size copy of a toolkit page (e.g. the model SOP)."""
    return _render("cms/pdf/toolkit_page.html", {"page": page, "printed_on": timezone.localdate()})


def render_family_insert_pdf(*, insert) -> bytes:
    """The family insert as a half-letter (5.5 x 8.5 in) sheet; the current version carries
    the drawings (older versions print as they were handed out)."""
    current = type(insert).current(insert.language)
    is_current = current is not None and current.pk == insert.pk
    pictures = insert_pictures(language=insert.language) if is_current else []
    return _render("cms/pdf/family_insert.html", {"insert": insert, "pictures": pictures})
