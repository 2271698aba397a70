from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock

# Officers read on phones: the first preview size is the default one in the editor.
PHONE_FIRST_PREVIEW_SIZES = [
    {"name": "mobile", "icon": "mobile-alt", "device_width": 360, "label": _("Preview on a phone")},
    {"name": "tablet", "icon": "tablet-alt", "device_width": 768, "label": _("Preview on a tablet")},
    {"name": "desktop", "icon": "desktop", "device_width": 1280, "label": _("Preview on a desktop")},
]


class PhoneFirstPreviewMixin:
    """Wagtail preview opens at 360 px, the width most officers read at."""

    @property
    def preview_sizes(self):
        return PHONE_FIRST_PREVIEW_SIZES


class CourseIndexPage(PhoneFirstPreviewMixin, Page):
    """Lists the published courses an officer can take."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from courses.views import course_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_index_context(request=request, index=self))
        return context

    class Meta:
        verbose_name = _("course index page")


class CoursePage(PhoneFirstPreviewMixin, Page):
    """A course: lessons (and optionally a quiz) as child pages."""

    class CompletionRule(models.TextChoices):
        LESSONS_AND_QUIZ = "lessons_and_quiz", _(
            "Every lesson completed, and the quiz passed when the course has one"
        )
        LESSONS_ONLY = "lessons_only", _("Every lesson completed (any quiz is practice)")

    class Audience(models.TextChoices):
        OFFICERS = "officers", _("Officers")
        SUPERVISORS = "supervisors", _("Supervisors")
        COMMAND_STAFF = "command_staff", _("Command staff")

    summary = models.TextField(_("summary"), max_length=600)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.OFFICERS
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    recertification_months = models.PositiveIntegerField(
        _("recertification interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave blank when completion never expires."),
    )
    issues_certificate = models.BooleanField(_("completion issues a certificate"), default=True)
    is_public = models.BooleanField(
        _("lessons are public"),
        default=False,
        help_text=_(
            "Open toolkit content anyone can read without signing in. Completion is only "
            "tracked for signed-in officers."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        FieldPanel("recertification_months"),
        FieldPanel("issues_certificate"),
        FieldPanel("is_public"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quiz.QuizPage"]

    class Meta:
        verbose_name = _("course")


class LessonPage(PhoneFirstPreviewMixin, Page):
    """One short lesson (a few minutes at roll call)."""

    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from courses.views import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_context(request=request, lesson=self))
        return context

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_course_or_404, login_redirect_unless_allowed

        course = lesson_course_or_404(lesson=self, request=request)
        return login_redirect_unless_allowed(request=request, course=course) or super().serve(
            request, *args, **kwargs
        )
