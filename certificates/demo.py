"""Demo data: the default certificate design and the officer quick reference card.

Card wording follows shared/domain/FACTS.md section 6 (pieced together from New York public
cards and county step lists; the NY ORS card itself was not found), in our own words.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from certificates.issuing import issue_missing_certificates
from certificates.models import CertificateTemplate, QuickReferenceCard
from courses.models import CoursePage

IMAGE_DIR = Path(settings.BASE_DIR) / "static" / "img" / "certificates"
CARD_SLUG = "officer-overdose-response"

# Version 2 of the card (after the 2026-12 content review): one response order shared with the
# lesson, the family insert and the roll-call briefing; CPR/AED line, "other nostril", "don't
# prime or test"; the back shortened so the card prints at 7 pt. Source keys from FACTS.md.
CARD_BODY = [
    (
        "section",
        {
            "heading": "Signs of an opioid overdose",
            "style": "bullets",
            "side": "front",
            "items": [
                "Will not wake up; slow, shallow or no breathing",  # [S29][S33]
                "Blue or gray lips and fingertips; pinpoint pupils",  # [S29][S33]
            ],
        },
    ),
    (
        "section",
        {
            "heading": "Respond",
            "style": "steps",
            "side": "front",
            "items": [
                "Shout, sternal rub. No response: call 911, get an AED",  # [S48][S25][S51]
                "Not breathing normally: start CPR, use the AED",  # [S51]
                "Pulse but no breathing: 1 rescue breath every 6 s",  # [S51]
                "4 mg naloxone in one nostril; don't prime or test",  # [S26]
                "No change in 2–3 min: new device, other nostril",  # [S26]
                "Breathing on their own: recovery position; stay for EMS",  # [S51][S28]
                "Naloxone wears off in 30–90 min: overdose can return",  # [S9][S28]
            ],
        },
    ),
    (
        "section",
        {
            "heading": "Leave behind",
            "style": "steps",
            "side": "back",
            "items": [
                "Offer a kit to survivor, family, bystanders",  # [S3][S8][S7]
                "Show its use; give referral card and insert",  # [S7][S8]
                "Explain Good Samaritan law (PL 220.78)",  # [S16]
                "Tick the report box",  # [S2]
                "Report any use: nyoverdose.org/PublicSafety",  # [S21]
            ],
        },
    ),
    (
        "section",
        {
            "heading": "Fentanyl safety",
            "style": "bullets",
            "side": "back",
            "items": [
                "Gloves; wash with water, not sanitizer",  # [S31]
                "Never delay care for fear of exposure",  # [S31][S49]
            ],
        },
    ),
    ("phone", {"label": "Emergency", "number": "911"}),
    ("phone", {"label": "Poison Help", "number": "1-800-222-1222"}),  # [S55]
]

# The card as first shipped (version 1): a card still reading exactly like this was never
# edited by ORS, so load_demo adds version 2 after it.
CARD_BODY_V1 = [
    ("section", {"heading": "Signs of an opioid overdose", "style": "bullets", "side": "front",
                 "items": ["Will not wake up; slow, shallow or no breathing",
                           "Blue or gray lips and fingertips; pinpoint pupils"]}),
    ("section", {"heading": "Respond", "style": "steps", "side": "front",
                 "items": ["Shout and do a sternal rub. No response: call 911",
                           "Support breathing: 1 rescue breath every 5 seconds",
                           "Give 4 mg nasal naloxone",
                           "No change in 2–3 min: another dose, new device",
                           "Recovery position; stay until EMS arrives",
                           "Naloxone wears off in 30–90 min: overdose can return"]}),
    ("section", {"heading": "Leave behind", "style": "steps", "side": "back",
                 "items": ["Offer a kit to the survivor, family or bystanders; show how to use it",
                           "Hand over the referral card",
                           "Explain the Good Samaritan law (PL 220.78)",
                           "Tick the report box; report every use at nyoverdose.org/PublicSafety",
                           "Restock your kit; check expiry and storage"]}),
    ("section", {"heading": "Fentanyl safety", "style": "bullets", "side": "back",
                 "items": ["Wear gloves; wash skin with water, not sanitizer",
                           "Do not delay care for fear of exposure"]}),
    ("phone", {"label": "Emergency", "number": "911"}),
    ("phone", {"label": "Poison Help", "number": "1-800-222-1222"}),
]  # fmt: skip

# The demo design as first shipped: a seal without a SAMPLE mark and an ORS job title.
EARLIER_SEAL_TITLE = "ORS seal (demo)"
EARLIER_SIGNATORY_TITLE = "Public Health Analyst, NY Overdose Response Strategy (demo)"
SIGNATORY_TITLE = "Training coordinator (sample signature: demo only)"


def _without_ids(data):
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def card_body_data(body) -> list:
    """Card sections as stored, without block ids, to compare two bodies."""
    probe = QuickReferenceCard(body=body)
    stream_block = QuickReferenceCard._meta.get_field("body").stream_block
    return _without_ids(stream_block.get_prep_value(probe.body))


def _demo_image(title: str, filename: str):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        with (IMAGE_DIR / filename).open("rb") as handle:
            image = Image.objects.create(title=title, file=ImageFile(handle, name=filename))
    return image


def load_certificate_design(stdout) -> CertificateTemplate:
    design, created = CertificateTemplate.objects.get_or_create(
        name="Standard (demo)",
        defaults={
            "is_default": not CertificateTemplate.objects.filter(is_default=True).exists(),
            "signatory_name": "Dana Whitfield",
            "signatory_title": SIGNATORY_TITLE,
            "logo": _demo_image("Demo seal (SAMPLE)", "demo-seal-sample.jpg"),
            "signature_image": _demo_image("Demo signature", "sample-signature.png"),
            "footer": "Roll Call LMS · leave-behind naloxone training for New York law enforcement",
        },
    )
    if not created:
        _mark_design_as_sample(design, stdout)
    stdout.write(f"{'Created' if created else 'Kept'} certificate design '{design.name}'")
    return design


def _mark_design_as_sample(design: CertificateTemplate, stdout) -> None:
    """A demo design from the first release gets the SAMPLE seal and a non-ORS job title."""
    changed = []
    if design.logo is not None and design.logo.title == EARLIER_SEAL_TITLE:
        design.logo = _demo_image("Demo seal (SAMPLE)", "demo-seal-sample.jpg")
        changed.append("logo")
    if design.signatory_title == EARLIER_SIGNATORY_TITLE:
        design.signatory_title = SIGNATORY_TITLE
        changed.append("signatory_title")
    if changed:
        design.save(update_fields=[*changed, "updated_at"])
        stdout.write(f"Marked certificate design '{design.name}' as a sample")


def _leave_behind_course():
    return (
        CoursePage.objects.filter(slug__icontains="leave-behind").order_by("pk").first()
        or CoursePage.objects.filter(title__icontains="leave-behind").order_by("pk").first()
    )


def load_quick_reference_card(stdout) -> QuickReferenceCard:
    card = QuickReferenceCard.objects.filter(slug=CARD_SLUG).order_by("-version").first()
    course = _leave_behind_course()
    if card is None:
        card = QuickReferenceCard.objects.create(
            slug=CARD_SLUG,
            title="Overdose: respond and leave behind",
            summary="For officers trained in leave-behind naloxone.",
            body=CARD_BODY,
            course=course,
        )
        stdout.write(f"Created quick reference card '{card.title}' version {card.version}")
    elif card_body_data(card.body) == card_body_data(CARD_BODY_V1):
        card = QuickReferenceCard.objects.create(
            slug=CARD_SLUG,
            title=card.title,
            summary=card.summary,
            body=CARD_BODY,
            show_qr=card.show_qr,
            course=card.course or course,
        )
        stdout.write(f"Published quick reference card '{card.title}' version {card.version}")
    elif card.course_id is None and course is not None:
        card.course = course
        card.save(update_fields=["course", "updated_at"])
        stdout.write(f"Linked quick reference card '{card.title}' to '{course.title}'")
    else:
        stdout.write(f"Kept quick reference card '{card.title}' version {card.version}")
    return card


def backfill_certificates(stdout) -> int:
    """Certificates for demo completions recorded without the signal (PDFs render on download)."""
    issued = issue_missing_certificates(render=False)
    stdout.write(f"Issued {issued} certificate(s) for earlier completions")
    return issued


def load_certificates(stdout) -> None:
    load_certificate_design(stdout)
    load_quick_reference_card(stdout)
    backfill_certificates(stdout)
