"""Builders for test data. Each app's helpers add their factories here."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

# The site's course index, created under the home page when missing: the same builder as the
# demo loader and the benchmark data.
from cms.demo.pages import course_index as build_course_index

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


# --- courses: page-tree builders ------------------------------------------------------------
_course_counter = iter(range(1, 1_000_000))


def build_course(*, lessons: int = 2, publish: bool = True, index=None, **fields):
    """A CoursePage with `lessons` published lessons; extra kwargs set CoursePage fields."""
    from courses.models import CoursePage

    number = next(_course_counter)
    fields.setdefault("title", f"Course {number}")
    fields.setdefault("slug", f"course-{number}")
    fields.setdefault("summary", "What to do when you find someone who has overdosed.")
    course = CoursePage(**fields)
    course.live = publish
    (index or build_course_index()).add_child(instance=course)
    revision = course.save_revision()
    if publish:
        revision.publish()
    for n in range(1, lessons + 1):
        build_lesson(course=course, title=f"Lesson {n}")
    return course


def build_lesson(*, course, publish: bool = True, body=None, **fields):
    """A LessonPage under `course` (published unless publish=False)."""
    from courses.models import LessonPage

    fields.setdefault("title", f"Lesson {next(_course_counter)}")
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-"))
    lesson = LessonPage(
        body=body
        if body is not None
        else [("rich_text", "<p>Check breathing. Call 911. Give naloxone.</p>")],
        **fields,
    )
    lesson.live = publish
    course.add_child(instance=lesson)
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    return lesson


# --- ledger, dashboards, roll call ------------------------------------------------------------
_agency_counter = iter(range(1, 1_000_000))


def make_agency(**fields):
    """An agency (in Albany County unless told otherwise)."""
    from lms.models import Agency

    number = next(_agency_counter)
    fields.setdefault("name", f"Test Police Department {number}")
    fields.setdefault("county", "Albany")
    return Agency.objects.create(**fields)


def make_member(*, agency, role: str = "officer", user=None, **fields):
    """An active membership (and a new user unless one is given)."""
    from lms.models import Membership

    user = user or UserFactory()
    return Membership.objects.create(user=user, agency=agency, role=role, **fields)


def start_first_lesson(*, user, course):
    """Puts the user "in progress" on the course: its first lesson started, nothing finished."""
    from courses.models import LessonPage
    from courses.progress import mark_lesson_started

    mark_lesson_started(user=user, lesson=LessonPage.objects.child_of(course).first())


def make_completion(*, user, course, days_ago: int = 0, method: str = "online", **kwargs):
    """A completion recorded through the ledger, `days_ago` days in the past."""
    from datetime import timedelta

    from django.utils import timezone

    from lms.records.ledger import record_completion

    return record_completion(
        user=user,
        course=course,
        method=method,
        completed_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )


def start_briefing_session(*, supervisor, agency, course, **fields):
    """A roll-call session held today that counts attendance alone (the usual test set-up)."""
    from django.utils import timezone

    from lms.rollcall import services

    fields.setdefault("held_on", timezone.localdate())
    fields.setdefault("completion_rule", "attestation")
    return services.start_session(supervisor=supervisor, agency=agency, course=course, **fields)
