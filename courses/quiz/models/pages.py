"""QuizPage: places a quiz from the question bank in a course."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from courses.models.pages import CoursePage, PhoneFirstPreviewMixin
from courses.quiz.panels import QuestionPoolPanel

from .attempts import QuizAttempt
from .questions import Question

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuizPage(PhoneFirstPreviewMixin, Page):
    """A quiz at the end of a course; attempts are graded on the server."""

    class Feedback(models.TextChoices):
        AFTER_EACH = "after_each", _("After each question")
        AT_END = "at_end", _("All together at the end")
        NEVER = "never", _("Never (score only)")

    class Layout(models.TextChoices):
        ONE_PER_SCREEN = "one_per_screen", _("One question per screen")
        SINGLE_PAGE = "single_page", _("Whole quiz on one page")

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_questions = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Draw this many questions at random from the pool. Blank: all of them."),
    )
    random_order = models.BooleanField(_("random question order"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle answer choices"), default=True)
    feedback = models.CharField(
        _("show correct answers"),
        max_length=16,
        choices=Feedback.choices,
        default=Feedback.AFTER_EACH,
    )
    layout = models.CharField(
        _("layout"), max_length=16, choices=Layout.choices, default=Layout.ONE_PER_SCREEN
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 allows a single attempt. Blank: unlimited."),
    )
    wait_minutes = models.PositiveIntegerField(
        _("waiting period between attempts (minutes)"), null=True, blank=True
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Enforced on the server. Blank: no limit."),
    )
    exam_paper = models.BooleanField(
        _("officers may review finished attempts"),
        default=True,
        help_text=_(
            "Keep each finished attempt as an exam paper the officer can open later (questions, "
            "their answers, correct answers and explanations). Attempts are always stored."
        ),
    )
    pass_message = RichTextField(_("message on passing"), blank=True, features=TEXT_FEATURES)
    fail_message = RichTextField(_("message on failing"), blank=True, features=TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        # Opens the question chooser at once, where several questions can be ticked together.
        QuestionPoolPanel(
            "quiz_questions",
            chooser_field_name="question",
            heading=_("Question pool"),
            label=_("Questions"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_questions"),
                FieldPanel("random_order"),
                FieldPanel("shuffle_choices"),
                FieldPanel("layout"),
                FieldPanel("feedback"),
            ],
            heading=_("How questions are shown"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("wait_minutes"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("exam_paper"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("pass_message"),
        FieldPanel("fail_message"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    def get_workflow(self):
        # Reviewed and published with its course (courses/review.py), never on its own.
        return None

    def in_live_course(self) -> bool:
        """Whether this quiz's course is published (a live quiz under an unpublished course is
        not shown: it is reviewed and published with its course)."""
        return CoursePage.objects.live().filter(path=self.path[: -self.steplen]).exists()

    def serve(self, request, *args, **kwargs):
        # Editors' previews show any version; officers only a quiz whose course is live.
        if not getattr(request, "is_preview", False) and not self.in_live_course():
            raise Http404
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("quiz")

    def get_context(self, request, *args, **kwargs):
        """The quiz page: rules, previous scores and a start (or resume) button."""
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # An editor tries this version in the preview (quiz_page.html): no attempts of theirs.
            context["question_count"] = self.max_questions or len(self.quiz_questions.all())
        elif request.user.is_authenticated:
            attempts = list(
                QuizAttempt.objects.filter(user=request.user, quiz=self).order_by("-started_at")
            )
            context.update(
                attempts=attempts,
                open_attempt=next((a for a in attempts if not a.is_finished), None),
                attempts_left=self.attempts_left(user=request.user),
                wait_until=self.next_attempt_allowed_at(user=request.user),
                question_count=self.max_questions or self.pool().count(),
            )
        return context

    def finished_attempts(self, *, user):
        return QuizAttempt.objects.filter(user=user, quiz=self).exclude(
            status=QuizAttempt.Status.IN_PROGRESS
        )

    def next_attempt_allowed_at(self, *, user) -> datetime | None:
        """When the waiting period after the last attempt ends (None: no wait now)."""
        if not self.wait_minutes:
            return None
        last = self.finished_attempts(user=user).order_by("-finished_at").first()
        if last is None:
            return None
        allowed = last.finished_at + timedelta(minutes=self.wait_minutes)
        return allowed if allowed > timezone.now() else None

    def attempts_left(self, *, user) -> int | None:
        if not self.max_attempts:
            return None
        return max(0, self.max_attempts - self.finished_attempts(user=user).count())

    def pool(self):
        """Active bank questions in this quiz's pool, in author order."""
        return Question.objects.filter(quiz_links__quiz=self, is_active=True).order_by(
            "quiz_links__sort_order", "quiz_links__pk"
        )


class QuizQuestion(Orderable):
    """A bank question placed in a quiz's pool."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        "quiz.Question",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="quiz_links",
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_once_per_quiz")
        ]

    def __str__(self) -> str:
        return f"{self.quiz}: {self.question}"
