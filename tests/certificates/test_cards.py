from __future__ import annotations

import io

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from certificates.models import QuickReferenceCard

BODY = [
    (
        "section",
        {
            "heading": "Respond",
            "style": "steps",
            "side": "front",
            "items": ["Sternal rub; no response: call 911", "4 mg nasal naloxone"],
        },
    ),
    (
        "section",
        {
            "heading": "Leave behind",
            "style": "bullets",
            "side": "back",
            "items": ["Offer the kit", "Hand over the referral card"],
        },
    ),
    ("phone", {"label": "Emergency", "number": "911"}),
]


@pytest.fixture
def card(db) -> QuickReferenceCard:
    return QuickReferenceCard.objects.create(
        slug="officer-card", title="Overdose response", body=BODY
    )


def pdf_pages(response) -> list:
    return PdfReader(io.BytesIO(response.content)).pages


def test_new_versions_number_themselves_and_the_old_page_links_to_the_current(client, card):
    newer = QuickReferenceCard.objects.create(
        slug="officer-card", title="Overdose response", body=BODY
    )
    assert (card.version, newer.version) == (1, 2)
    old_page = client.get(card.get_absolute_url()).content.decode()
    assert "This version is superseded" in old_page
    assert reverse("certificates:card", kwargs={"slug": "officer-card"}) in old_page
    current = client.get(reverse("certificates:card", kwargs={"slug": "officer-card"}))
    assert "Version 2" in current.content.decode()
    assert "superseded" not in current.content.decode()


def test_card_page_is_public_and_shows_sections_steps_and_tap_to_call_numbers(client, card):
    html = client.get(
        reverse("certificates:card", kwargs={"slug": "officer-card"})
    ).content.decode()
    assert "<ol>" in html and "Sternal rub; no response: call 911" in html
    assert 'href="tel:911"' in html
    assert "Wallet card PDF" in html


def test_unknown_card_is_404(client, db):
    assert client.get(reverse("certificates:card", kwargs={"slug": "nope"})).status_code == 404


def test_wallet_card_pdf_is_two_cr80_pages(client, card):
    response = client.get(
        reverse("certificates:card_wallet", kwargs={"slug": card.slug, "version": card.version})
    )
    pages = pdf_pages(response)
    assert len(pages) == 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (243, 153)
    assert "Sternal rub" in pages[0].extract_text()
    back = pages[1].extract_text()
    assert "Offer the kit" in back and "911" in back
    assert "Version 1" in back


def test_wallet_card_qr_encodes_the_online_card(card):
    from certificates.cards import render_wallet_card_pdf

    back = PdfReader(io.BytesIO(render_wallet_card_pdf(card))).pages[1]
    qr_image = next(img.image for img in back.images).convert("L")
    expected = segno.make(card.online_url(), error="m", micro=False)
    size = expected.symbol_size(border=0)[0]
    module = qr_image.width / (size + 4)
    printed = [
        [
            qr_image.getpixel((int((2 + x + 0.5) * module), int((2 + y + 0.5) * module))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]
    assert printed == [[bool(c) for c in row] for row in expected.matrix]


def test_a_long_card_still_prints_on_two_sides(db):
    long_body = [
        (
            "section",
            {
                "heading": f"Section {n}",
                "style": "bullets",
                "side": side,
                "items": ["Words " * 12] * 4,
            },
        )
        for n, side in enumerate(["front", "front", "back", "back"])
    ]
    card = QuickReferenceCard.objects.create(slug="long", title="Long card", body=long_body)
    from certificates.cards import render_wallet_card_pdf

    front, back = PdfReader(io.BytesIO(render_wallet_card_pdf(card))).pages
    # Each side keeps its own page: the front's overflow never takes the back's place.
    assert "Section 0" in front.extract_text()
    assert "Section 2" in back.extract_text() and "Version 1" in back.extract_text()


def test_eight_up_sheet_is_us_letter_with_fronts_and_backs(client, card):
    response = client.get(
        reverse("certificates:card_sheet", kwargs={"slug": card.slug, "version": card.version})
    )
    pages = pdf_pages(response)
    assert len(pages) == 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert pages[0].extract_text().count("Sternal rub") == 8
    assert pages[1].extract_text().count("Offer the kit") == 8
