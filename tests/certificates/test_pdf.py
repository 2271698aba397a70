from __future__ import annotations

import io

from pypdf import PdfReader

from certificates.pdf import font_choice, link_callback, render_html_to_pdf

UNICODE_NAMES = ["Nguyễn Thị Minh", "O'Brien-Łukasz", "Zoë Ångström"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_prints_names_outside_latin1_with_the_unicode_fonts():
    html = (
        "<html><head><style>@page { size: letter landscape; }"
        " body { font-family: rc-sans; } h1 { font-family: rc-serif; }</style></head><body>"
        + "".join(f"<h1>{name}</h1><p><b>{name}</b></p>" for name in UNICODE_NAMES)
        + "</body></html>"
    )
    pdf = render_html_to_pdf(html)
    text = _text(pdf)
    assert font_choice().wide_unicode, font_choice().source
    for name in UNICODE_NAMES:
        assert name in text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)


def test_link_callback_maps_static_and_media_urls_to_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert link_callback("/media/certificates/a.pdf") == str(tmp_path / "certificates/a.pdf")
    assert link_callback("/static/css/site.css").endswith("static/css/site.css")
    assert link_callback("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"


def test_a_missing_image_does_not_stop_the_pdf():
    pdf = render_html_to_pdf('<html><body><p>Text</p><img src="/static/missing.png"></body></html>')
    assert "Text" in _text(pdf)
