"""Builders for the certificates tests: a course tree, agencies with people, completions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page

from certificates.models import CertificateTemplate
from courses.models import CourseIndexPage, CoursePage
from lms.models import Agency, Completion, Membership
from lms.records.ledger import record_completion
from tests.factories import UserFactory


def png_image(title: str, size=(300, 120), colour="navy") -> Image:
    buffer = io.BytesIO()
    picture = PILImage.new("RGB", size, "white")
    ImageDraw.Draw(picture).rectangle([10, 10, size[0] - 10, size[1] - 10], outline=colour, width=6)
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    )


@pytest.fixture
def course_index(db) -> CourseIndexPage:
    root = Page.get_first_root_node()
    return root.add_child(instance=CourseIndexPage(title="Courses", slug="cert-test-courses"))


@pytest.fixture
def make_course(course_index):
    def build(title="Leave-Behind Naloxone", *, months=24, issues_certificate=True) -> CoursePage:
        return course_index.add_child(
            instance=CoursePage(
                title=title,
                slug=title.lower().replace(" ", "-"),
                summary="Short course.",
                recertification_months=months,
                issues_certificate=issues_certificate,
            )
        )

    return build


@pytest.fixture
def course(make_course) -> CoursePage:
    return make_course()


@pytest.fixture
def make_agency(db):
    def build(name="Capital City Police Department", county="Albany") -> Agency:
        return Agency.objects.create(name=name, county=county)

    return build


@pytest.fixture
def make_member(db):
    def build(agency, *, role=Membership.Role.OFFICER, **user_fields):
        user = UserFactory(**user_fields)
        Membership.objects.create(user=user, agency=agency, role=role)
        return user

    return build


@pytest.fixture
def agency(make_agency) -> Agency:
    return make_agency()


@pytest.fixture
def officer(agency, make_member):
    return make_member(agency, first_name="Zoë", last_name="Ångström")


@pytest.fixture
def design(db) -> CertificateTemplate:
    return CertificateTemplate.objects.create(
        name="Standard",
        is_default=True,
        signatory_name="Dana Whitfield",
        signatory_title="Director, Overdose Response",
        signature_image=png_image("signature", (400, 120), "black"),
        logo=png_image("logo", (200, 200)),
        footer="Roll Call LMS",
    )


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """Record a completion the way the site does, running the after-commit work."""

    def run(user, course, *, completed_at: dt.datetime | None = None) -> Completion:
        with django_capture_on_commit_callbacks(execute=True):
            return record_completion(
                user=user, course=course, method=Completion.Method.ONLINE, completed_at=completed_at
            )

    return run


@pytest.fixture(autouse=True)
def _mfa_not_enforced(settings):
    """Supervisors must set up MFA (tested with lms); these tests are about certificates."""
    settings.ROLLCALL_ENFORCE_MFA = False


def rendered(certificate):
    """The certificate with its PDF stored, as after its first download.

    With django-tasks' immediate backend (the tests' and the default) issuing does not render:
    the PDF renders on first download, outside the officer's quiz submission.
    """
    from certificates.rendering import ensure_certificate_pdf

    return ensure_certificate_pdf(certificate=certificate)
