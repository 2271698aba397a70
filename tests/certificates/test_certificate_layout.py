"""The printed certificate, read off the page: a full-page framed layout on US Letter and A4,
each fact printed once, a seal large enough to read at arm's length, nothing under 7 pt."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.design_pdf import SAMPLE_NAME, render_template_preview
from certificates.models import CertificateTemplate
from certificates.rendering import render_certificate_pdf
from tests.factories import UserFactory
from tests.printed import (
    page_sizes_in,
    page_text,
    page_words,
    pdf_pages,
    qr_codes,
    smallest_type_pt,
)

PAPERS = {"letter": (11.0, 8.5), "a4": (11.693, 8.268)}


@pytest.fixture
def certificate(design, officer, course, complete):
    completed_at = timezone.make_aware(dt.datetime(2026, 3, 14, 10, 0))
    return complete(officer, course, completed_at=completed_at).certificates.get()


def _render(certificate, paper: str) -> bytes:
    certificate.template.paper_size = paper
    certificate.template.save()
    return render_certificate_pdf(certificate=certificate)


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_certificate_fills_a_landscape_page_framed_to_the_margins(certificate, paper):
    pdf = _render(certificate, paper)
    assert page_sizes_in(pdf) == [PAPERS[paper]]
    with pdf_pages(pdf) as document:
        page = document.pages[0]
        frame = max(page.rects, key=lambda r: r["width"] * r["height"])
        margins = [
            frame["x0"],
            frame["top"],
            page.width - frame["x1"],
            page.height - frame["bottom"],
        ]
    assert all(0.3 * 72 <= margin <= 0.5 * 72 for margin in margins), margins
    words = page_words(pdf)
    height = PAPERS[paper][1] * 72
    assert min(w.top for w in words) < 0.15 * height  # the heading near the top
    assert max(w.top for w in words) > 0.85 * height  # signature, code and footer near the foot
    # The middle is used: no band of a third of the page without text.
    tops = sorted(w.top for w in words)
    assert max(b - a for a, b in zip(tops, tops[1:], strict=False)) < height / 3


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_each_fact_is_printed_once(certificate, paper):
    text = " ".join(page_text(_render(certificate, paper)).split())
    for fact in (
        "Zoë Ångström",
        "Capital City Police Department",
        "Leave-Behind Naloxone",
        "March 14, 2026",
        "March 14, 2028",
        certificate.code,
        "Dana Whitfield",
        "Director, Overdose Response",
    ):
        assert text.count(fact) == 1, (fact, text)
    assert "/verify/" in text


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_seal_reads_at_arms_length_and_the_qr_code_scans(certificate, paper):
    pdf = _render(certificate, paper)
    with pdf_pages(pdf) as document:
        images = document.pages[0].images
    seal = max(images, key=lambda image: image["height"])
    assert seal["width"] >= 1.5 * 72 and seal["height"] >= 1.5 * 72
    assert smallest_type_pt(pdf) >= 7
    assert qr_codes(pdf) == [certificate.verification_url()]


def test_the_design_preview_shows_the_same_full_page_layout(design):
    design.paper_size = CertificateTemplate.PaperSize.A4
    pdf = render_template_preview(template=design)
    assert page_sizes_in(pdf) == [PAPERS["a4"]]
    text = " ".join(page_text(pdf).split())
    assert text.count("Capital City Police Department") == 1
    assert "Dana Whitfield" in text
    with pdf_pages(pdf) as document:
        assert document.pages[0].rects


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_admin_preview_panel_shows_the_unsaved_design_full_page(client, design, paper):
    """What ORS sees in Wagtail's preview panel while editing: the edited paper size and wording,
    framed to the margins, each fact once, before anything is saved."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit",
                  args=[design.pk])  # fmt: skip
    edited = {
        "name": design.name,
        "is_default": "on",
        "paper_size": paper,
        "heading": "Certificate of Training",
        "body": "has completed {issuer}",
        "issuer": design.issuer,
        "expiry_line": "Valid until {expires}.",
        "signatory_name": "Dana Whitfield",
        "signatory_title": "Director, Overdose Response",
        "signature_image": design.signature_image_id,
        "logo": design.logo_id,
        "footer": "Roll Call LMS",
    }
    assert client.post(url, edited).json()["is_valid"]
    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert page_sizes_in(pdf) == [PAPERS[paper]]
    text = " ".join(page_text(pdf).split())
    assert "Certificate of Training" in text
    for fact in ("Capital City Police Department", SAMPLE_NAME, "Dana Whitfield"):
        assert text.count(fact) == 1, (fact, text)
    with pdf_pages(pdf) as document:
        page = document.pages[0]
        frame = max(page.rects, key=lambda r: r["width"] * r["height"])
        assert frame["x0"] <= 0.5 * 72 and page.width - frame["x1"] <= 0.5 * 72
        assert frame["top"] <= 0.5 * 72 and page.height - frame["bottom"] <= 0.5 * 72
    assert qr_codes(pdf) and smallest_type_pt(pdf) >= 7
    design.refresh_from_db()
    assert design.heading != "Certificate of Training"  # a preview saves nothing
