from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock


class CourseIndexPage(Page):
    """Lists the published courses an officer can take."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index page")


class CoursePage(Page):
    """A course: lessons (and optionally a quiz) as child pages."""

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
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")


class LessonPage(Page):
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
