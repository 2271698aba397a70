"""The safety lines the 2026-12 content review requires stay in the rendered content.

Each test reads what an officer, a family or a printer gets (HTML pages and PDFs), so deleting
the CPR/AED, 911 or HOPEline/988 line from the shipped content makes a test fail.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from certificates.cards import WALLET_TEMPLATE, card_context, render_wallet_card_pdf
from certificates.demo import load_quick_reference_card
from certificates.pdf import render_pdf
from cms.demo import roll_call_course
from cms.demo.toolkit import load_toolkit
from cms.models import FamilyInsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    out = io.StringIO()
    load_toolkit(out)
    roll_call_course.load_roll_call_course(out)


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_respond_lesson_tells_officers_cpr_aed_and_911_in_one_order(client, content, user):
    from courses.models import LessonPage

    lesson = LessonPage.objects.get(slug="recognise-and-respond")
    client.force_login(user)
    html = flat(client.get(lesson.url).content.decode())
    for line in ("Start CPR", "AED", "not breathing", "1 breath every 6 seconds", "Xylazine"):
        assert line in html, line
    # Recovery position only once breathing; no "recovery position and watch" step.
    assert "Only once they breathe on their own" in html
    assert "Recovery position and watch" not in html
    assert "There is time to act" not in html
    assert 'src="/static/img/drawings/nasal-spray-steps.svg"' in html
    assert "Thumb on the plunger, first and middle fingers" in html  # the text equivalent


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("en", ["Call 911", "Start CPR", "AED", "1-877-8-HOPENY", "1-877-846-7369", "988"]),
        (
            "es",
            ["Llame al 911", "Empiece la RCP", "DEA", "1-877-8-HOPENY", "1-877-846-7369", "988"],
        ),
    ],
)
def test_the_current_family_insert_carries_911_cpr_aed_hopeline_and_988(
    client, content, language, lines
):
    insert = FamilyInsert.current(language)
    html = flat(client.get(insert.get_absolute_url()).content.decode())
    reader, text = pdf_text(client.get(insert.get_pdf_url()).content)
    text = flat(text)
    assert len(reader.pages) == 1
    for line in lines:
        assert line in html, line
        assert line in text, line
    assert "recovery-position.svg" in html


def test_an_older_family_insert_version_prints_as_it_was_handed_out(client, content):
    old = FamilyInsert.objects.get(language="en", version="2026.1")
    html = client.get(old.get_absolute_url()).content.decode()
    assert "It has been replaced by" in html
    assert "nasal-spray-steps.svg" not in html


def test_the_wallet_card_prints_at_7_pt_with_cpr_aed_other_nostril_and_no_priming(content):
    card = load_quick_reference_card(io.StringIO())
    for side in ("front", "back"):  # each side is its own page: at 7 pt it fits on one
        at_seven = render_pdf(
            template_name=WALLET_TEMPLATE, context=card_context(card, font_size=7.0, side=side)
        )
        assert len(PdfReader(io.BytesIO(at_seven)).pages) == 1, side
    _, text = pdf_text(render_wallet_card_pdf(card))
    text = flat(text)
    for line in ("start CPR", "AED", "other nostril", "don't prime or test", "911"):
        assert line in text, line


def test_the_wallet_card_back_draws_the_spray_going_in_and_the_recovery_position(content):
    card = load_quick_reference_card(io.StringIO())
    reader = PdfReader(io.BytesIO(render_wallet_card_pdf(card)))
    back = flat(reader.pages[1].extract_text())
    assert "One nostril, press firmly" in back and "The recovery position" in back
    # The drawing itself: vector shapes in the right-hand column, below the QR code.
    with pdfplumber.open(io.BytesIO(render_wallet_card_pdf(card))) as document:
        side = document.pages[1]
        shapes = [
            shape
            for shape in side.curves + side.rects + side.lines
            if shape["x0"] > 2.45 * 72 and shape["top"] > 0.9 * 72
        ]
    assert len(shapes) >= 10, "no drawings below the QR code"


def test_the_model_sop_puts_cpr_and_the_aed_before_the_recovery_position(client, content, user):
    from cms.models import ToolkitPage

    sop = ToolkitPage.objects.live().get(kind=ToolkitPage.Kind.MODEL_SOP)
    client.force_login(user)
    html = flat(client.get(sop.url).content.decode())
    step = html[html.index("Show how to use it") :]
    assert step.index("call 911") < step.index("CPR on their back") < step.index("AED")
    assert step.index("AED") < step.index("recovery position only once they breathe")
