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

IMAGE_DIR = Path(settings.BASE_DIR) / "static" / "img" / "certificates"
CARD_SLUG = "officer-overdose-response"

CARD_BODY = [
    (
        "section",
        {
            "heading": "Signs of an opioid overdose",
            "style": "bullets",
            "side": "front",
            "items": [
                "Will not wake up; slow, shallow or no breathing",
                "Blue or gray lips and fingertips; pinpoint pupils",
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
                "Shout and do a sternal rub. No response: call 911",
                "Support breathing: 1 rescue breath every 5 seconds",
                "Give 4 mg nasal naloxone",
                "No change in 2–3 min: another dose, new device",
                "Recovery position; stay until EMS arrives",
                "Naloxone wears off in 30–90 min: overdose can return",
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
                "Offer a kit to the survivor, family or bystanders; show how to use it",
                "Hand over the referral card",
                "Explain the Good Samaritan law (PL 220.78)",
                "Tick the report box; report every use at nyoverdose.org/PublicSafety",
                "Restock your kit; check expiry and storage",
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
                "Wear gloves; wash skin with water, not sanitizer",
                "Do not delay care for fear of exposure",
            ],
        },
    ),
    ("phone", {"label": "Emergency", "number": "911"}),
    ("phone", {"label": "Poison Help", "number": "1-800-222-1222"}),
]


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
            "signatory_title": "Public Health Analyst, NY Overdose Response Strategy (demo)",
            "logo": _demo_image("ORS seal (demo)", "ors-seal.jpg"),
            "signature_image": _demo_image("Demo signature", "sample-signature.png"),
            "footer": "Roll Call LMS · leave-behind naloxone training for New York law enforcement",
        },
    )
    stdout.write(f"{'Created' if created else 'Kept'} certificate design '{design.name}'")
    return design


def _leave_behind_course():
    from courses.models import CoursePage

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
