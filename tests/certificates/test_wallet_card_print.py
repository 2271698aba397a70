"""The wallet card as it comes off the printer: exactly CR80 on both sides, nothing under 7 pt,
hanging indents, branding, and the personal card whose QR code opens the holder's record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certificates.cards import CARD_HEIGHT_PT, CARD_WIDTH_PT, render_card_sheet_pdf
from certificates.demo import CARD_BODY
from certificates.issuing import revoke_certificate
from certificates.models import Certificate, QuickReferenceCard
from tests.printed import (
    page_sizes_in,
    page_text,
    pdf_pages,
    qr_codes,
    smallest_type_pt,
)

CR80_IN = (3.375, 2.125)


@pytest.fixture
def card(db, course) -> QuickReferenceCard:
    return QuickReferenceCard.objects.create(
        slug="officer-card",
        title="Overdose: respond and leave behind",
        summary="For officers trained in leave-behind naloxone.",
        body=CARD_BODY,
        course=course,
    )


@pytest.fixture
def certificate(design, officer, course, complete):
    return complete(officer, course).certificates.get()


def _wallet(client, card) -> bytes:
    url = reverse("certificates:card_wallet", kwargs={"slug": card.slug, "version": card.version})
    return client.get(url).content


def test_the_wallet_card_is_cr80_front_and_back_with_nothing_under_7_pt(client, card):
    pdf = _wallet(client, card)
    assert (CARD_WIDTH_PT, CARD_HEIGHT_PT) == (243, 153)
    assert page_sizes_in(pdf) == [CR80_IN, CR80_IN]
    assert smallest_type_pt(pdf) >= 6.99  # 7 pt, give or take the float the PDF stores
    assert {"NY", "Overdose", "Response", "Strategy"} <= set(page_text(pdf, 0).split())
    back = page_text(pdf, 1)
    assert "1-800-222-1222" in back and "Version 1" in back  # nothing cut off the foot


def test_a_wrapped_step_hangs_under_its_text_not_under_its_number(client, course):
    # Its own long step: the demo card's lines are written to fit on one line each.
    card = QuickReferenceCard.objects.create(
        slug="wrapping-card",
        title="Wrapping",
        body=[
            (
                "section",
                {
                    "heading": "Leave behind",
                    "style": "steps",
                    "side": "back",
                    "items": ["Offer a kit to the survivor, their family, friends or bystanders"],
                },
            )
        ],
        course=course,
    )
    with pdf_pages(_wallet(client, card)) as document:
        chars = document.pages[1].chars
    text = "".join(c["text"] for c in chars)
    number = chars[text.index("1.Offer")]
    first = chars[text.index("Offer")]
    wrapped = next(
        c for c in chars[text.index("Offer") :] if c["top"] > first["top"] and c["text"].strip()
    )
    assert abs(wrapped["x0"] - first["x0"]) < 0.5  # on the next line, lined up with the text
    assert wrapped["x0"] > number["x1"]  # not under the number


def test_the_personal_card_names_the_holder_and_its_qr_opens_their_record(
    client, card, certificate
):
    client.force_login(certificate.completion.user)
    response = client.get(
        reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
    )
    assert response.status_code == 200
    pdf = response.content
    assert page_sizes_in(pdf) == [CR80_IN, CR80_IN]
    assert smallest_type_pt(pdf) >= 6.99
    back = " ".join(page_text(pdf, 1).split())
    assert "Zoë Ångström" in back
    assert certificate.expires_on.strftime("%b") in back and certificate.code in back
    # The holder's lines take the room of the recovery position; the spray drawing stays.
    assert "One nostril," in back and "press firmly" in back  # a caption beside the text lines
    assert {"Capital", "City", "Police", "Department"} <= set(page_text(pdf, 0).split())
    [decoded] = qr_codes(pdf, 1, dpi=400)
    assert decoded == certificate.verification_url()
    client.logout()
    page = client.get(reverse("certificates:verify", kwargs={"code": certificate.code}))
    assert "Valid" in page.content.decode()


def test_a_long_name_and_agency_wrap_at_7_pt_and_keep_both_sides_whole(client, card, certificate):
    # Names as long as New York's agencies and families have: nothing shrinks under 7 pt,
    # nothing is dropped, and the back keeps its QR code.
    name = "Maximiliana Alexandra Wolfeschlegelsteinhausen-Bergerdorff Nguyễn"
    agency = "Saint Lawrence County Sheriff's Office Marine and Snowmobile Patrol Division"
    Certificate.objects.filter(pk=certificate.pk).update(full_name=name, agency_name=agency)
    client.force_login(certificate.completion.user)

    pdf = client.get(
        reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
    ).content

    assert page_sizes_in(pdf) == [CR80_IN, CR80_IN]
    assert smallest_type_pt(pdf) >= 6.99
    front = " ".join(page_text(pdf, 0).split())
    back = " ".join(page_text(pdf, 1).split())
    assert agency in front  # the band names the agency, under the title
    assert "overdose can return" in front  # the front's last step is still on the front
    assert name in back and agency in back and certificate.code in back
    assert "Poison Help" in back
    [decoded] = qr_codes(pdf, 1, dpi=400)
    assert decoded == certificate.verification_url()


def test_the_personal_card_is_listed_beside_the_certificate_and_kept_from_others(
    client, card, certificate, agency, make_member
):
    client.force_login(certificate.completion.user)
    url = reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
    assert url in client.get(reverse("certificates:list")).content.decode()
    client.force_login(make_member(agency))
    assert client.get(url).status_code == 404


def test_a_revoked_certificate_gets_no_personal_card(client, card, certificate):
    revoke_certificate(certificate=certificate, by=None, reason="Recorded in error")
    client.force_login(certificate.completion.user)
    url = reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
    assert client.get(url).status_code == 404


def test_the_8_up_sheet_keeps_crop_marks_and_mirrors_the_backs(card):
    pdf = render_card_sheet_pdf(card)
    assert page_sizes_in(pdf) == [(8.5, 11.0), (8.5, 11.0)]
    with pdf_pages(pdf) as document:
        front, back = document.pages
        grid_left = (front.width - 2 * CARD_WIDTH_PT) / 2
        grid_bottom = (front.height - 4 * CARD_HEIGHT_PT) / 2

        def crop_marks(page):  # lines outside the grid of cards (the cards draw lines too)
            def outside(line):
                return (
                    min(line["x0"], line["x1"]) < grid_left - 1
                    or max(line["x0"], line["x1"]) > page.width - grid_left + 1
                    or min(line["top"], line["bottom"]) < grid_bottom - 1
                    or max(line["top"], line["bottom"]) > page.height - grid_bottom + 1
                )

            return [line for line in page.lines if outside(line)]

        # A mark at each end of the 3 column edges and of the 5 row edges.
        assert len(crop_marks(front)) == len(crop_marks(back)) == 2 * (3 + 5)
        fronts = [w for w in front.extract_words() if w["text"] == "Respond"]
        backs = [w for w in back.extract_words() if w["text"] == "Emergency:"]
    assert len(fronts) == len(backs) == 8
    assert smallest_type_pt(pdf) >= 6.99
