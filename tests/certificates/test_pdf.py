from __future__ import annotations

import io

from pypdf import PdfReader

from certificates.pdf import font_choice, link_callback, render_html_to_pdf

UNICODE_NAMES = ["Nguyễn Thị Minh", "O'Brien-Łukasz", "Zoë Ångström"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


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
    assert any("DejaVu" in name for name in _font_names(pdf))
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


def test_missing_dejavu_falls_back_to_vera_and_the_system_check_warns(settings, tmp_path):
    from certificates import pdf
    from certificates.checks import check_pdf_fonts

    settings.PDF_FONT_DIR = str(tmp_path)  # an empty folder: no DejaVu there
    original = pdf.DEBIAN_DEJAVU_DIR
    pdf.font_choice.cache_clear()
    pdf.DEBIAN_DEJAVU_DIR = tmp_path / "absent"
    try:
        assert not pdf.font_choice().wide_unicode
        assert [w.id for w in check_pdf_fonts(None)] == ["certificates.W001"]
        rendered = render_html_to_pdf(
            "<html><body><p style='font-family: rc-sans'>Zoë Ångström</p></body></html>"
        )
        assert "Zoë Ångström" in _text(rendered)
        assert any("Vera" in name for name in _font_names(rendered))
    finally:
        pdf.DEBIAN_DEJAVU_DIR = original
        pdf.font_choice.cache_clear()
    assert pdf.font_choice().wide_unicode
    assert check_pdf_fonts(None) == []
