from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock
from courses.briefing import RollCallBriefingBlock

# What a learner sees (progress, resume link, access) is courses.page_context's, a selector that
# queries these page classes; the page methods below import it when called. This is the one
# import cycle the contracts allow (pyproject.toml, docs/architecture.md).

# Officers read on phones: the first preview size is the default one in the editor.
PHONE_FIRST_PREVIEW_SIZES = [
    {"name": "mobile", "icon": "mobile-alt", "device_width": 360, "label": _("Preview on a phone")},
    {
        "name": "tablet",
        "icon": "tablet-alt",
        "device_width": 768,
        "label": _("Preview on a tablet"),
    },
    {
        "name": "desktop",
        "icon": "desktop",
        "device_width": 1280,
        "label": _("Preview on a desktop"),
    },
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

    def route(self, request, path_components):
        """Find a course or lesson in one query by its url_path, not one query per tree level.

        Anything else (a quiz, a trailing path, an unknown slug) takes Wagtail's usual route.
        """
        if len(path_components) in (1, 2):
            model = CoursePage if len(path_components) == 1 else LessonPage
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            pages = model.objects.filter(url_path=url_path, locale_id=self.locale_id)
            if model is LessonPage:
                # The body is rendered from the fragment cache (lesson_page.html); it is loaded
                # only when that misses.
                pages = pages.defer("body")
            page = pages.first()
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import course_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_index_context(request=request, index=self))
        return context

    class Meta:
        verbose_name = _("course index page")


class CoursePage(PhoneFirstPreviewMixin, Page):
    """A course: lessons (and optionally a quiz) as child pages."""

    class CompletionRule(models.TextChoices):
        LESSONS_AND_QUIZ = (
            "lessons_and_quiz",
            _("Every lesson completed, and the quiz passed when the course has one"),
        )
        LESSONS_ONLY = "lessons_only", _("Every lesson completed (any quiz is practice)")

    class RollCallCountsAs(models.TextChoices):
        ATTENDANCE_AND_QUIZ = (
            "attendance_and_quiz",
            _("Attendance + each officer's own quiz pass"),
        )
        ATTENDANCE = "attendance", _("Attendance alone (recorded as a roll-call briefing)")

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
        help_text=_(
            "The whole course, quiz included. The course page also shows the lessons' own "
            "minutes added up, so keep this at least that much."
        ),
    )
    recertification_months = models.PositiveIntegerField(
        _("recertification interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave blank when completion never expires."),
    )
    renewal_window_days = models.PositiveIntegerField(
        _("renewal window (days before expiry)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "How many days before a completion expires the officer may renew it. A completion "
            "taken earlier, while still current, is recorded as a refresher and issues no new "
            "certificate."
        ),
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
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    cover_image_alt = models.CharField(
        _("cover image alt text"),
        max_length=250,
        blank=True,
        help_text=_("Required with a cover image: what the picture shows."),
    )
    learning_objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        help_text=_("One per line: what an officer can do after the course."),
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.LESSONS_AND_QUIZ,
    )
    rollcall_counts_as = models.CharField(
        _("a roll-call session counts as"),
        max_length=20,
        choices=RollCallCountsAs.choices,
        default=RollCallCountsAs.ATTENDANCE_AND_QUIZ,
        help_text=_(
            "With the quiz, each officer present takes it on their phone during or after the "
            "session, and completes when both are done. A course without a live quiz always "
            "counts attendance alone."
        ),
    )
    roll_call_briefing = StreamField(
        RollCallBriefingBlock(),
        verbose_name=_("roll-call briefing"),
        blank=True,
        help_text=_(
            "What a supervisor reads at roll call (10-15 minutes, in timed segments). Presenter "
            "mode shows this briefing, not the online lessons."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading=_("Cover image")
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("audience"),
        FieldPanel("estimated_minutes"),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("rollcall_counts_as"),
                FieldPanel("recertification_months"),
                FieldPanel("renewal_window_days"),
                FieldPanel("issues_certificate"),
            ],
            heading=_("Completion"),
        ),
        FieldPanel("is_public"),
    ]
    briefing_panels = [
        HelpPanel(
            content=_(
                "Write full sentences a sergeant can read cold. Each segment is one slide in "
                "presenter mode; the segments may add up to 15 minutes at most."
            )
        ),
        FieldPanel("roll_call_briefing"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(briefing_panels, heading=_("Roll-call briefing")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quiz.QuizPage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_image_alt.strip():
            raise ValidationError(
                {"cover_image_alt": _("Describe the cover image for people who cannot see it.")}
            )
        # A window as long as the cycle would make every repeat a renewal (and a new
        # certificate): the refresher rule needs some time outside the window.
        if (
            self.recertification_months
            and self.renewal_window_days
            and self.renewal_window_days >= self.recertification_months * 28
        ):
            raise ValidationError(
                {
                    "renewal_window_days": _(
                        "The renewal window must be shorter than the recertification interval."
                    )
                }
            )

    @cached_property
    def objectives(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    @property
    def requires_quiz(self) -> bool:
        return self.completion_rule == self.CompletionRule.LESSONS_AND_QUIZ

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(request=request, course=self))
        return context

    # The overview is public for every course, so agencies can see what it teaches; a private
    # course's lessons send anonymous visitors to sign in (LessonPage.serve).


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
        from courses.page_context import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_context(request=request, lesson=self))
        return context

    def get_workflow(self):
        # Reviewed and published with its course (courses/review.py), never on its own.
        return None

    def serve(self, request, *args, **kwargs):
        from courses.page_context import lesson_course_or_404, login_redirect_unless_allowed

        course = lesson_course_or_404(lesson=self, request=request)
        return login_redirect_unless_allowed(request=request, course=course) or super().serve(
            request, *args, **kwargs
        )


def has_live_lesson() -> models.Exists:
    """True for a course with at least one live lesson (an expression to filter or annotate
    CoursePage querysets with)."""
    lessons = LessonPage.objects.live().filter(
        path__startswith=models.OuterRef("path"), depth=models.OuterRef("depth") + 1
    )
    return models.Exists(lessons)


def offered_courses():
    """The courses officers are offered: live, with at least one live lesson. A course whose
    lessons are all drafts never appears to officers (course list, to-do, assignments, roll
    call, offline copies), even when its own page is live."""
    return CoursePage.objects.live().filter(has_live_lesson())
