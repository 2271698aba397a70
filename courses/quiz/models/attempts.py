"""Attempts: evidence of what was asked and answered, kept as snapshots."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models import TimeStampedModel


class QuizAttempt(TimeStampedModel):
    """One sitting of a quiz by one person. Never deleted; finished attempts never change."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_MARKING = "awaiting_marking", _("Waiting for marking")
        COMPLETED = "completed", _("Completed")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quiz_attempts",
    )
    quiz = models.ForeignKey(
        "quiz.QuizPage", on_delete=models.SET_NULL, null=True, related_name="attempts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.SET_NULL, null=True, related_name="quiz_attempts"
    )
    agency = models.ForeignKey(
        "lms.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_attempts",
        help_text=_("The officer's agency when the attempt started (scopes supervisors' views)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    attempt_number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("time limit ends at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)
    timed_out = models.BooleanField(_("time ran out"), default=False)
    score_points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=0)
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)
    # Snapshots of the rules and names as they were at the start.
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    feedback = models.CharField(_("feedback mode"), max_length=16)
    layout = models.CharField(_("layout"), max_length=16)
    exam_paper = models.BooleanField(_("reviewable as an exam paper"), default=True)
    quiz_title = models.CharField(_("quiz"), max_length=255)
    course_title = models.CharField(_("course"), max_length=255, blank=True)
    user_name = models.CharField(_("name"), max_length=301)
    user_email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at"]
        permissions = [
            ("view_others_results", _("Can view and mark other people's quiz results")),
        ]
        indexes = [
            models.Index(fields=["user", "quiz", "status"]),
            models.Index(fields=["agency", "status", "finished_at"]),
        ]
        constraints = [
            # A double click on "Start" resumes the open attempt instead of opening another.
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(status="in_progress"),
                name="quiz_attempt_one_open_per_user_and_quiz",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__isnull=True)
                | (Q(score_percent__gte=0) & Q(score_percent__lte=100)),
                name="quiz_attempt_score_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(finished_at__isnull=False),
                name="quiz_attempt_finished_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(passed=True) | Q(status="completed"),
                name="quiz_attempt_only_completed_can_pass",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} — {self.quiz_title} #{self.attempt_number} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status != self.Status.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question as it was asked in one attempt, with the response and its grade.

    `choices` holds the snapshot, in the order shown: [{"token", "text", "correct",
    "choice_id"}]. Tokens are random per attempt, so the page never carries database ids.
    """

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(
        "quiz.Question", on_delete=models.SET_NULL, null=True, related_name="asked"
    )
    category = models.ForeignKey(
        "quiz.QuestionCategory", on_delete=models.SET_NULL, null=True, related_name="asked"
    )
    category_name = models.CharField(_("category"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16)
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list)
    # The response.
    selected_tokens = models.JSONField(_("selected choices"), default=list)
    essay_answer = models.TextField(_("essay answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The grade: None until graded (essays wait for a marker).
    is_correct = models.BooleanField(_("correct"), null=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    marker_comment = models.TextField(_("marker's comment"), blank=True)

    class Meta:
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        # By the column, not the relation: "attempt" would join the attempt table to order by its
        # own ordering (started_at) on every read of an attempt's questions.
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quiz_attemptquestion_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} Q{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def correct_tokens(self) -> list[str]:
        return [c["token"] for c in self.choices if c.get("correct")]

    def choice_text(self, token: str) -> str:
        return next((c["text"] for c in self.choices if c["token"] == token), "")

    def selected_texts(self) -> list[str]:
        return [self.choice_text(t) for t in self.selected_tokens]

    def correct_texts(self) -> list[str]:
        return [c["text"] for c in self.choices if c.get("correct")]
