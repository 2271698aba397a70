from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class LedgerIsAppendOnly(Exception):
    """Raised when code tries to change or delete a recorded completion."""


class CompletionQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: completions are evidence.

    Deleting a user, agency or course still works: Django's collector nulls the foreign keys
    with its own update query, and the snapshots keep the record readable.
    """

    def update(self, **kwargs):
        raise LedgerIsAppendOnly("Completions cannot be changed; record a new one instead.")

    def delete(self):
        raise LedgerIsAppendOnly("Completions cannot be deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class Completion(TimeStampedModel):
    """Append-only evidence that a person completed a course.

    Snapshots of the names and titles are stored with the record, so deleting or renaming the
    user, agency or course never changes or removes it (foreign keys are SET_NULL).
    """

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        ROLL_CALL = "roll_call", _("Roll-call session")
        # Attendance alone at a roll-call session, for courses that say so (no quiz taken).
        BRIEFING = "briefing", _("Roll-call briefing")
        # Training done elsewhere, recorded by a supervisor or ORS (lms.records.past_records): it counts
        # toward status but we did not train the person, so it issues no certificate.
        MANUAL = "manual", _("Recorded, not trained here")

    class OutsideMethod(models.TextChoices):
        """How training recorded from elsewhere was delivered (Method.MANUAL only)."""

        CLASSROOM = "classroom", _("Classroom")
        ONLINE_ELSEWHERE = "online_elsewhere", _("Online elsewhere")
        ROLL_CALL_ELSEWHERE = "roll_call_elsewhere", _("Roll call elsewhere")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        """What the completion did to the person's training status (lms.records.training_status).

        A certifying completion starts a cycle (valid until `expires_at`) and may issue a
        certificate. A refresher repeats a course that is still current, before its renewal
        window: it is evidence of training, changes no date and issues no certificate.
        """

        CERTIFYING = "certifying", _("Completion")
        REFRESHER = "refresher", _("Refresher")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
    )
    agency = models.ForeignKey(
        "lms.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
    )
    course_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    outside_method = models.CharField(
        _("method elsewhere"),
        max_length=24,
        choices=OutsideMethod.choices,
        blank=True,
        help_text=_("For training recorded from elsewhere: how it was delivered."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.CERTIFYING,
        db_index=True,
        help_text=_("A refresher repeats a current course and starts no new cycle."),
    )
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quiz_attempt_id = models.BigIntegerField(
        _("quiz attempt"),
        null=True,
        blank=True,
        help_text=_("The passing quiz attempt, when there was one (an id: attempts are kept)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions_recorded",
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=301, blank=True)
    note = models.TextField(_("note"), blank=True)
    training_minutes = models.PositiveIntegerField(_("training minutes"), default=0)
    # Snapshots, as they were when the completion was recorded.
    user_name = models.CharField(_("name"), max_length=301)
    user_email = models.EmailField(_("e-mail"), blank=True)
    badge_number = models.CharField(_("badge number"), max_length=32, blank=True)
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    course_revision_number = models.PositiveIntegerField(
        _("course revision"), null=True, blank=True
    )
    # What was learned: the live revision (id and publication date) of the course, each lesson
    # and the quiz at the moment of completion (lms.records.content_versions).
    content_versions = models.JSONField(_("content versions"), default=dict, blank=True)
    content_published_at = models.DateTimeField(
        _("content version published"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When the newest of the course's pages then live was published."),
    )

    objects = CompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_at"]
        indexes = [
            # Dashboards filter by agency and course over a date range.
            models.Index(fields=["agency", "course", "completed_at"]),
            models.Index(fields=["user", "course", "completed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("completed_at")),
                name="lms_completion_expires_after_completion",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="lms_completion_score_is_a_percentage",
            ),
            # One quiz attempt completes a course once, however often the signal arrives.
            models.UniqueConstraint(
                fields=["user", "course", "quiz_attempt_id"],
                condition=Q(quiz_attempt_id__isnull=False),
                name="lms_completion_one_per_attempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} — {self.course_title} ({self.completed_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly("Completions cannot be changed; record a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("Completions cannot be deleted.")

    def is_expired(self, at) -> bool:
        return self.expires_at is not None and self.expires_at <= at

    @property
    def is_manual(self) -> bool:
        """Recorded, not trained here: training done elsewhere, entered by hand or imported."""
        return self.method == self.Method.MANUAL

    @property
    def is_refresher(self) -> bool:
        return self.kind == self.Kind.REFRESHER


class Assignment(TimeStampedModel):
    """A course assigned to one officer with a due date, by a supervisor or the ORS team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey("lms.Agency", on_delete=models.CASCADE, related_name="assignments")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="assignments"
    )
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments_made",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    exempted_at = models.DateTimeField(_("exempted at"), null=True, blank=True)
    exemption_reason = models.CharField(_("exemption reason"), max_length=200, blank=True)
    for_everyone = models.BooleanField(
        _("assigned to everyone in the agency"),
        default=False,
        help_text=_("People who join the agency before the due date get it too."),
    )
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text=_("A later assignment of the same course (a make-up) that took its place."),
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "course", "due_on"], name="lms_assignment_unique_due"
            ),
            # One open assignment per person and course: a new one replaces the earlier
            # (lms.records.assignments.give_assignments), which stays as history.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(exempted_at__isnull=True, replaced_at__isnull=True),
                name="lms_assignment_one_open_per_course",
            ),
        ]
        indexes = [models.Index(fields=["agency", "course", "due_on"])]

    def __str__(self) -> str:
        return f"{self.course} for {self.user}, due {self.due_on}"
