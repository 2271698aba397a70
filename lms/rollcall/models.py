"""Roll-call sessions: a supervisor delivers a course at shift briefing; officers check in.

A session joins supervisor-verified attendance with each officer's own quiz result (or the
supervisor's attestation), and gives absent officers a make-up assignment or an exemption.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_session_secret() -> str:
    return secrets.token_hex(32)


class RollCallSession(models.Model):
    """One delivery of a course at roll call."""

    class CompletionRule(models.TextChoices):
        QUIZ = "quiz", _("Each officer passes the quiz on their phone")
        ATTESTATION = "attestation", _("The supervisor attests the lesson was delivered")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for check-in")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey(
        "lms.Agency", on_delete=models.PROTECT, related_name="rollcall_sessions"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="rollcall_sessions",
    )
    course_title = models.CharField(_("course"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="rollcall_sessions_started",
    )
    supervisor_name = models.CharField(_("supervisor"), max_length=301)
    held_on = models.DateField(_("date"))
    unit = models.CharField(_("shift or unit"), max_length=64, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    completion_rule = models.CharField(
        _("completion rule"), max_length=16, choices=CompletionRule.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    secret = models.CharField(max_length=64, default=new_session_secret, editable=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    attested_at = models.DateTimeField(_("delivery attested at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll-call session")
        verbose_name_plural = _("roll-call sessions")
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="rollcall_session_closed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title} — {self.held_on:%Y-%m-%d} ({self.agency_id})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def needs_quiz(self) -> bool:
        return self.completion_rule == self.CompletionRule.QUIZ


class Attendance(models.Model):
    """An officer present at a session: checked in on a phone, or ticked by the supervisor."""

    class Method(models.TextChoices):
        SELF = "self", _("Checked in on a phone")
        TICKED = "ticked", _("Ticked by the supervisor")

    session = models.ForeignKey(
        RollCallSession, on_delete=models.PROTECT, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="rollcall_attendances",
    )
    user_name = models.CharField(_("name"), max_length=301)
    badge_number = models.CharField(_("badge number"), max_length=32, blank=True)
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    completion = models.ForeignKey(
        "lms.Completion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rollcall_attendances",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="rollcall_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_name} at {self.session}"


class Absence(models.Model):
    """A roster officer who missed the session: a make-up assignment, or an exemption."""

    class ExemptionReason(models.TextChoices):
        LEAVE = "leave", _("Leave")
        INJURY = "injury", _("Injury")
        DEPLOYMENT = "deployment", _("Deployment")

    session = models.ForeignKey(RollCallSession, on_delete=models.PROTECT, related_name="absences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="rollcall_absences",
    )
    user_name = models.CharField(_("name"), max_length=301)
    assignment = models.ForeignKey(
        "lms.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    makeup_due_on = models.DateField(_("make-up due on"), null=True, blank=True)
    exemption_reason = models.CharField(
        _("exemption"), max_length=16, choices=ExemptionReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="rollcall_absent_once"),
            models.CheckConstraint(
                condition=(Q(makeup_due_on__isnull=False) & Q(exemption_reason=""))
                | (Q(makeup_due_on__isnull=True) & ~Q(exemption_reason="")),
                name="rollcall_absence_makeup_or_exemption",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} absent from {self.session}"
