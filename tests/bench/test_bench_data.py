"""bench_data makes a small statewide picture, tops it up idempotently, and guards real sites."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from bench.data import BENCH_NOTE, ORS_EMAIL, QUIZ_TITLE, SUPERVISOR_EMAIL

pytestmark = pytest.mark.django_db

TINY = {"agencies": 3, "officers": 12, "completions": 40, "courses": 2, "lessons": 1}


def _counts():
    from courses.models import CoursePage, LessonPage
    from lms.models import Agency, Completion, Membership, User

    return {
        "agencies": Agency.objects.filter(name__startswith="Bench Agency").count(),
        "officers": Membership.objects.filter(
            role="officer", user__email__endswith="bench.example.org"
        ).count(),
        "users": User.objects.count(),
        "courses": CoursePage.objects.filter(title__startswith="Bench Course").count(),
        "lessons": LessonPage.objects.count(),
        "completions": Completion.objects.filter(note=BENCH_NOTE).count(),
    }


def test_bench_data_makes_agencies_officers_live_courses_and_completions(settings):
    from courses.models import CourseIndexPage, CoursePage
    from courses.quiz.models import QuizPage
    from lms.models import Agency, Completion, Membership

    out = io.StringIO()
    call_command("bench_data", "--force", "--big-agency", "6", *_flags(TINY), stdout=out)

    assert _counts() == {
        "agencies": 3, "officers": 12, "users": 14, "courses": 2, "lessons": 2, "completions": 40,
    }  # fmt: skip
    index = CourseIndexPage.objects.get()
    assert all(c.live and c.get_parent().pk == index.pk for c in CoursePage.objects.all())
    assert QuizPage.objects.get(title=QUIZ_TITLE).live
    big = Agency.objects.order_by("name").first()
    assert Membership.objects.filter(agency=big, role="officer").count() == 6
    assert Membership.objects.filter(
        agency=big, role="supervisor", user__email=SUPERVISOR_EMAIL
    ).exists()
    completion = Completion.objects.filter(note=BENCH_NOTE).first()
    assert completion.user_name and completion.agency_name and completion.course_title
    assert "bench_data: done" in out.getvalue()
    assert ORS_EMAIL in set(
        __import__("lms.models", fromlist=["User"])
        .User.objects.filter(is_superuser=True)
        .values_list("email", flat=True)
    )


def test_running_bench_data_twice_adds_nothing():
    call_command("bench_data", "--force", *_flags(TINY), stdout=io.StringIO())
    first = _counts()
    call_command("bench_data", "--force", *_flags(TINY), stdout=io.StringIO())
    assert _counts() == first


def test_bench_data_tops_up_to_a_larger_count():
    call_command("bench_data", "--force", *_flags(TINY), stdout=io.StringIO())
    call_command(
        "bench_data", "--force", *_flags({**TINY, "officers": 15, "completions": 50}),
        stdout=io.StringIO(),
    )  # fmt: skip
    counts = _counts()
    assert (counts["officers"], counts["completions"]) == (15, 50)


def test_bench_data_refuses_a_site_with_debug_off_unless_forced(settings):
    from lms.models import Agency

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("bench_data", *_flags(TINY), stdout=io.StringIO())
    assert not Agency.objects.exists()


def _flags(values: dict) -> list[str]:
    return [item for key, value in values.items() for item in (f"--{key}", str(value))]
