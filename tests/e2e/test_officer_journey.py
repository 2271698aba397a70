"""An officer's whole journey on a phone: join link, sign-up, lessons, quiz, certificate."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from pypdf import PdfReader

from courses.models import CoursePage, LessonPage
from courses.quiz.models import Question
from lms.models import Agency, Membership
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.demo import load_flow_demo

# serialized_rollback: other transactional tests flush the tables, including the home page,
# groups and workflow that migrations create; these tests need them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "amber-kettle-harbor-quiet-2026"
COURSE_SLUG = "leave-behind-roll-call"


def answer_every_question(page, *, correctly: bool) -> None:
    """Answer whatever the quiz shows, right or wrong, looking up answers as a tester would."""
    for _ in range(100):  # bounded: a quiz never has this many screens
        finish = page.get_by_role("button", name="Finish and see my result")
        if finish.count():
            with page.expect_navigation():
                finish.click()
            return
        submit_all = page.get_by_role("button", name="Submit my answers")
        for fieldset in page.locator("fieldset.quiz-question").all():
            text = fieldset.locator(".quiz-question__text").inner_text().strip()
            question = Question.objects.get(text=text)
            correct = {c.text for c in question.choices.all() if c.is_correct}
            choices = [c.text for c in question.choices.all()]
            wanted = correct if correctly else {next(c for c in choices if c not in correct)}
            for label in fieldset.locator("label.quiz-choice").all():
                if label.inner_text().strip() in wanted:
                    label.click()
        if submit_all.count():
            with page.expect_navigation():
                submit_all.click()
            return
        with page.expect_navigation():
            page.locator("form.quiz-form button[type=submit]").click()
        for name in ("Next question", "Review and finish"):
            link = page.get_by_role("link", name=name)
            if link.count():
                with page.expect_navigation():
                    link.click()
                break
    raise AssertionError("The quiz never offered a way to finish.")


def test_officer_joins_reads_every_lesson_fails_then_passes_and_verifies_a_certificate(
    live_server, phone, a11y, tmp_path
):
    load_flow_demo()
    agency = Agency.objects.get(name="Capital City Police Department (fictional)")
    domain = agency.email_domains()[0]
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    lessons = list(course.get_children().live().type(LessonPage).specific())

    # The supervisor's QR code points here.
    phone.goto(f"{live_server.url}/join/{agency.join_code}/")
    a11y(phone, "join link")
    phone.get_by_role("link", name="Create an account").click()
    phone.get_by_label("First name").fill("Zoë")
    phone.get_by_label("Last name").fill("O'Brien-Łukasz")
    phone.get_by_label("Email").fill(f"zoe.obrien@{domain}")
    phone.get_by_label("Password:", exact=True).fill(PASSWORD)
    phone.get_by_label("Password (again):").fill(PASSWORD)
    a11y(phone, "sign-up with join code")
    phone.get_by_role("button", name="Sign Up").click()
    phone.wait_for_load_state()
    # A work address joins at once, but only once it is proven: open the confirmation e-mail.
    membership = Membership.objects.get(user__email=f"zoe.obrien@{domain}")
    assert membership.status == Membership.Status.PENDING
    confirmation = next(m for m in mail.outbox if f"zoe.obrien@{domain}" in m.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", confirmation.body).group(0)
    phone.goto(link)
    a11y(phone, "confirm e-mail")
    phone.get_by_role("button", name="Confirm").click()
    phone.wait_for_load_state()
    membership.refresh_from_db()
    assert membership.agency == agency
    assert membership.status == Membership.Status.ACTIVE
    a11y(phone, "after joining")

    # Read every lesson, in order, from the course page's Start/Continue button.
    phone.goto(live_server.url + course.url)
    a11y(phone, "course page")
    for lesson in lessons:
        with phone.expect_navigation():
            phone.locator("a.button", has_text=re.compile(r"^(Start|Continue)")).first.click()
        assert lesson.title in phone.locator("h1").inner_text()
        assert no_horizontal_scroll(phone), f"{lesson.title} scrolls sideways at 390 px"
        a11y(phone, f"lesson {lesson.title}")
        with phone.expect_navigation():
            phone.get_by_role("button", name="Complete and continue").click()
        phone.goto(live_server.url + course.url)
    assert phone.get_by_text(f"{len(lessons)} of {len(lessons)} lessons completed").is_visible()

    # The quiz: fail once, then pass.
    quiz = course.get_children().live().exclude(pk__in=[lesson.pk for lesson in lessons]).first()
    phone.goto(live_server.url + quiz.url)
    a11y(phone, "quiz page")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Start the quiz").click()
    a11y(phone, "first question")
    answer_every_question(phone, correctly=False)
    assert phone.get_by_role("heading", name="You did not pass this time").is_visible()
    a11y(phone, "failed result")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Try again").first.click()
    answer_every_question(phone, correctly=True)
    assert phone.get_by_role("heading", name="You passed").is_visible()
    a11y(phone, "passed result")

    # The certificate: a real PDF, and a verification page that says valid.
    phone.goto(live_server.url + "/certificates/")
    a11y(phone, "certificates")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download PDF").first.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "O'Brien-Łukasz" in text
    assert course.title in text

    certificate = membership.user.completions.get().certificates.get()
    phone.goto(f"{live_server.url}/verify/{certificate.code}/")
    assert phone.get_by_text("Valid").first.is_visible()
    a11y(phone, "verification")
