"""`load_demo` brings content an earlier release shipped up to date, and leaves ORS edits alone."""

from __future__ import annotations

import io

import pytest

from certificates.demo import (
    CARD_BODY_V1,
    CARD_SLUG,
    EARLIER_SEAL_TITLE,
    EARLIER_SIGNATORY_TITLE,
    load_certificate_design,
    load_quick_reference_card,
)
from certificates.design_pdf import certificate_pdf_context
from certificates.models import CertificateTemplate, QuickReferenceCard
from cms.demo import roll_call_course
from courses.models import LessonPage
from courses.quiz.models import Question
from lms.demo.people import load_people
from lms.models import Agency
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_STEP = "Recovery position and watch"


def load_course():
    roll_call_course.load_roll_call_course(io.StringIO())
    return LessonPage.objects.get(slug="recognise-and-respond")


def set_body(lesson, body, *, user=None):
    lesson.body = body
    lesson.save_revision(user=user).publish()
    lesson.refresh_from_db()


def test_a_lesson_nobody_edited_gets_the_corrected_text_on_the_next_load():
    lesson = load_course()
    set_body(lesson, [("steps", [{"title": OLD_STEP, "text": "As first shipped."}])])
    lesson = load_course()
    text = str(lesson.body.render_as_block())
    assert OLD_STEP not in text and "Start CPR" in text
    # A further load changes nothing.
    revisions = lesson.revisions.count()
    assert load_course().revisions.count() == revisions


def test_a_lesson_an_author_edited_in_the_admin_is_left_as_the_author_saved_it():
    lesson = load_course()
    author = UserFactory()
    set_body(lesson, [("rich_text", "<p>Our clinical director's wording.</p>")], user=author)
    lesson = load_course()
    assert "Our clinical director's wording." in str(lesson.body.render_as_block())


def test_a_bank_question_as_first_shipped_gets_the_corrected_key_text_and_explanation():
    load_course()
    earlier = roll_call_course.EARLIER_QUESTIONS[0]
    question = Question.objects.get(text=earlier.text)
    question.explanation = earlier.explanation
    question.save()
    question.choices.filter(text="1 breath every 6 seconds").update(text="1 breath every 5 seconds")
    load_course()
    question.refresh_from_db()
    assert "every 6 seconds" in question.explanation
    assert question.choices.filter(text="1 breath every 6 seconds", is_correct=True).exists()


def test_a_bank_question_ors_reworded_is_left_alone():
    load_course()
    earlier = roll_call_course.EARLIER_QUESTIONS[0]
    Question.objects.filter(text=earlier.text).update(explanation="ORS wording.")
    load_course()
    assert Question.objects.get(text=earlier.text).explanation == "ORS wording."


def test_the_first_release_card_gets_a_second_version_and_an_edited_card_is_kept():
    QuickReferenceCard.objects.create(slug=CARD_SLUG, title="Overdose", body=CARD_BODY_V1)
    card = load_quick_reference_card(io.StringIO())
    assert card.version == 2
    assert "AED" in str(card.body.render_as_block())
    edited = QuickReferenceCard.objects.create(slug=CARD_SLUG, title="Overdose", body=[])
    assert load_quick_reference_card(io.StringIO()).pk == edited.pk


def test_first_release_demo_agencies_are_marked_fictional_and_lose_their_real_format_ori():
    Agency.objects.create(
        name="Capital City Police Department", county="Albany", ori_number="NY0010100"
    )
    load_people(io.StringIO())
    agency = Agency.objects.get(name="Capital City Police Department (fictional)")
    assert agency.ori_number == ""
    assert not Agency.objects.filter(name="Capital City Police Department").exists()
    assert Agency.objects.count() == 10


def test_the_first_release_demo_design_gets_the_sample_seal_and_loses_the_ors_title():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    old_seal = Image.objects.create(title=EARLIER_SEAL_TITLE, file=get_test_image_file())
    CertificateTemplate.objects.create(
        name="Standard (demo)",
        is_default=True,
        signatory_name="Dana Whitfield",
        signatory_title=EARLIER_SIGNATORY_TITLE,
        logo=old_seal,
    )
    design = load_certificate_design(io.StringIO())
    assert design.logo.title == "Demo seal (SAMPLE)"
    assert "Overdose Response Strategy" not in design.signatory_title


def test_a_new_certificate_design_claims_no_ors_authorship_and_prints_the_issuer_setting():
    import datetime as dt

    design = CertificateTemplate(name="New", signatory_name="A", signatory_title="B")
    context = certificate_pdf_context(
        template=design, full_name="Olivia Chen", agency_name="Example PD",
        course_title="Leave-Behind Naloxone", completed_on=dt.date(2026, 12, 1),
        expires_on=None, code="RC-TEST-0001", verification_url="https://example.org/v/",
        signatory_name="A", signatory_title="B",
    )  # fmt: skip
    assert "Overdose Response Strategy" not in context["body"]
    assert context["body"] == "has completed a training delivered through Roll Call LMS"
    design.issuer = "A training approved by the New York ORS team."
    design.body = "has completed {course}. {issuer}"
    design.full_clean(exclude=["signature_image", "logo"])


def test_the_migration_moves_designs_with_the_first_release_body_to_the_issuer_setting():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("certificates.migrations.0004_certificate_issuer_wording")
    first, second = (
        CertificateTemplate.objects.create(
            name=f"Earlier default {n}", signatory_name="A", signatory_title="B", body=body
        )
        for n, body in enumerate(migration.EARLIER_DEFAULT_BODIES)
    )
    own = CertificateTemplate.objects.create(
        name="ORS wording", signatory_name="A", signatory_title="B", body="has completed {course}."
    )
    migration.use_issuer_setting(apps, None)
    for design in (first, second, own):
        design.refresh_from_db()
    assert first.body == second.body == "has completed {issuer}"
    assert own.body == "has completed {course}."
