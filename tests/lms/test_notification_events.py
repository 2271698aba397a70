"""More events and their people: make-ups, certificates (PDF attached, queued by the
submission), course review, technical-assistance requests."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_tasks import default_task_backend
from pypdf import PdfReader

from lms.access import ORS_STAFF_GROUP
from lms.models import Completion, Notification
from lms.notifications import kinds
from lms.notifications.tasks import send_notification_emails
from lms.records.ledger import record_completion
from tests.courses.test_course_review import draft_course_with_lessons, member_of, submit
from tests.factories import UserFactory, build_course, make_agency, make_member
from tests.lms.test_rollcall_lifecycle import start_through_the_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_make_up_tells_each_chosen_absent_officer_once(
    client, django_capture_on_commit_callbacks
):
    agency = make_agency(name="Riverside Police Department")
    sergeant = make_member(agency=agency, role="supervisor", unit="Day shift").user
    day = [make_member(agency=agency, unit="Day shift").user for _ in range(3)]
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=12)
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    client.post(f"/rollcall/{session.pk}/attest/")
    due = timezone.localdate() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/rollcall/{session.pk}/complete/",
            {"due_on": due.isoformat(), "makeup": [day[0].pk, day[1].pk]},
        )
    for officer in day[:2]:
        assert [m.subject for m in mails_to(officer)] == [
            f"Make-up: Leave-behind naloxone, due {due:%-d %B %Y}"
        ]
    assert mails_to(day[2]) == [] and mails_to(sergeant) == []


def test_a_certificate_is_queued_by_the_submission_and_e_mailed_with_its_pdf(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    agency = make_agency(name="Capital City Police Department")
    officer = make_member(agency=agency).user
    colleague = make_member(agency=agency).user
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=24)
    with django_capture_on_commit_callbacks(execute=True):
        completion = record_completion(user=officer, course=course, method=Completion.Method.ONLINE)
    certificate = completion.certificates.get()
    assert mail.outbox == []  # the request only queued the e-mail
    queued = [r for r in default_task_backend.results if r.task.name == "send_notification_emails"]
    assert [r.kwargs for r in queued] == [
        {"kind": kinds.CERTIFICATE_ISSUED, "key": f"certificate:{certificate.pk}"}
    ]
    # The worker runs the task (twice: a retry sends nothing more).
    assert send_notification_emails.call(**queued[0].kwargs) == 1
    assert send_notification_emails.call(**queued[0].kwargs) == 0
    (message,) = mails_to(officer)
    assert message.subject == "Your certificate: Leave-behind naloxone"
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"certificate-{certificate.code}.pdf", "application/pdf")
    assert certificate.code in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert mails_to(colleague) == []
    assert Notification.objects.get(recipient=officer).url == "/certificates/"


def test_a_course_submitted_for_review_tells_the_reviewers_only_with_one_e_mail(
    client, django_capture_on_commit_callbacks
):
    reviewer = member_of("ORS Reviewers")
    bystander = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        course = submit(client, draft_course_with_lessons(lessons=1))
    (entry,) = Notification.objects.filter(kind=kinds.COURSE_REVIEW)
    assert (entry.recipient, entry.title) == (reviewer, f"Submitted for review: {course.title}")
    assert entry.email_status == "skipped"
    # The one e-mail is Wagtail's own moderation e-mail, not a second one from us.
    (message,) = mails_to(reviewer)
    assert "submitted for approval" in message.subject
    assert mails_to(bystander) == []


def test_a_technical_assistance_request_tells_ors_staff_only(
    client, django_capture_on_commit_callbacks
):
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    other_supervisor = make_member(
        agency=make_agency(name="River County SO"), role="supervisor"
    ).user
    ors = UserFactory(email="ors-staff@example.org")
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/technical-assistance/",
            {"agency": agency.pk, "topic": "sop", "details": "Help with our SOP, please."},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.subject for m in mails_to(ors)] == [
        "Technical-assistance request: Capital City Police Department"
    ]
    assert mails_to(other_supervisor) == []
