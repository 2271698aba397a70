from __future__ import annotations

import io

from certificates.demo import load_certificates
from certificates.models import Certificate, CertificateTemplate, QuickReferenceCard
from lms.models import Completion


def test_demo_loader_is_idempotent_and_links_the_card_to_the_leave_behind_course(
    db, make_course, officer
):
    course = make_course("Leave-Behind Naloxone")
    # A demo-history completion written without the signal gets its certificate back-filled.
    Completion.objects.create(
        user=officer,
        course=course,
        completed_at="2026-01-05T10:00:00Z",
        method=Completion.Method.ROLL_CALL,
        user_name="Zoë Ångström",
        course_title=course.title,
    )
    out = io.StringIO()
    load_certificates(out)
    load_certificates(out)
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1
    design = CertificateTemplate.objects.get()
    assert design.logo and design.signature_image and not design.missing_images()
    card = QuickReferenceCard.objects.get()
    assert card.version == 1 and card.course_id == course.pk
    assert card.sections("front") and card.sections("back") and card.phone_numbers()
    assert Certificate.objects.count() == 1
    assert "Kept quick reference card" in out.getvalue()
