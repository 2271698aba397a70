from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COUNTED = [
    "lms.User", "lms.Agency", "lms.Membership", "lms.Completion", "lms.Assignment",
    "courses.LessonProgress", "wagtailcore.Page", "quiz.Question", "certificates.Certificate",
    "rollcall.RollCallSession", "rollcall.Attendance", "cms.ProgramRegistration",
    "cms.TechnicalAssistanceRequest", "cms.SOPAdoption", "cms.SOPAcknowledgement",
    "cms.NaloxoneSupplier", "cms.FamilyInsert",
]  # fmt: skip


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    # Certificates are issued on commit, as they are after load_demo's transaction.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    return row_counts()


def test_demo_loads_from_empty_with_a_realistic_history(demo):
    from certificates.models import Certificate
    from lms.models import Completion

    assert demo["lms.Membership"] >= 60
    assert demo["lms.Completion"] >= 25
    assert demo["rollcall.RollCallSession"] >= 1
    assert demo["cms.ProgramRegistration"] >= 5
    assert demo["cms.TechnicalAssistanceRequest"] >= 4
    assert Certificate.objects.filter(status="revoked").count() == 1
    from django.utils import timezone

    now = timezone.now()
    assert Completion.objects.filter(expires_at__lt=now).exists()
    soon = now + timezone.timedelta(days=31)
    assert Completion.objects.filter(expires_at__gt=now, expires_at__lt=soon).exists()
    from lms.models import Assignment

    assert Assignment.objects.filter(due_on__lt=timezone.localdate()).exists()
    statuses = set(
        apps.get_model("cms.ProgramRegistration").objects.values_list("status", flat=True)
    )
    assert len(statuses) >= 4


def test_loading_the_demo_again_changes_nothing(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == demo


def test_named_capital_city_officer_holds_a_certificate(demo):
    from certificates.models import Certificate

    certificates = Certificate.objects.filter(
        completion__user__email="officer@capital-city-pd.example.org",
        completion__course__slug="leave-behind-roll-call",
    )
    assert certificates.exclude(status="revoked").exists()


def test_named_river_county_officer_has_started_the_course(demo):
    from courses.models import CoursePage
    from courses.progress import course_progress_for
    from lms.models import Completion, User

    user = User.objects.get(email="officer@river-county-so.example.org")
    course = CoursePage.objects.get(slug="leave-behind-roll-call")
    progress = course_progress_for(user=user, course=course)
    assert 0 < progress.percent < 100
    assert not Completion.objects.filter(user=user, course=course).exists()


EXPECTED_DASHBOARDS = [
    ("ors@example.org", ["Statewide view"]),
    ("supervisor@capital-city-pd.example.org", ["Capital City Police Department (fictional)"]),
    ("supervisor@river-county-so.example.org", ["River County Sheriff&#x27;s Office (fictional)"]),
    ("officer@capital-city-pd.example.org", ["Leave-Behind Naloxone: Roll Call Training", "Certificate PDF"]),
    ("officer@river-county-so.example.org", ["Continue", "Leave-Behind Naloxone: Roll Call Training"]),
]  # fmt: skip


def test_each_demo_account_signs_in_and_sees_its_dashboard(client, demo, settings):
    from lms.demo import DEMO_PASSWORD

    settings.ROLLCALL_ENFORCE_MFA = False
    for email, expected in EXPECTED_DASHBOARDS:
        response = client.post(
            "/accounts/login/", {"login": email, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0].startswith("/dashboard"), email
        page = response.content.decode()
        for text in expected:
            assert text in page, (email, text)
        client.post("/accounts/logout/")
