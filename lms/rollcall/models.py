"""Roll-call sessions: a supervisor delivers a course at shift briefing; officers check in.

A session moves open for check-in -> check-in closed -> completed. It records who was expected
(a shift or unit, or the people assigned the course), who was present, and what happened to
each expected person who was absent. What a session counts as comes from the course
(CoursePage.rollcall_counts_as): attendance plus each officer's own quiz pass, or attendance
alone (a "roll-call briefing" completion).
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
        # The values predate the course-level rule; the labels say what each means now.
        QUIZ = "quiz", _("Attendance + each officer's own quiz pass")
        ATTESTATION = "attestation", _("Attendance alone (roll-call briefing)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for check-in")
        CHECKIN_CLOSED = "checkin_closed", _("Check-in closed")
        COMPLETED = "completed", _("Completed")

    class ExpectedScope(models.TextChoices):
        UNIT = "unit", _("A shift or unit")
        ASSIGNED = "assigned", _("Everyone assigned the course")
        AGENCY = "agency", _("Everyone in the agency")

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
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    expected_scope = models.CharField(
        _("who was expected"),
        max_length=16,
        choices=ExpectedScope.choices,
        default=ExpectedScope.AGENCY,
    )
    secret = models.CharField(max_length=64, default=new_session_secret, editable=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    attested_at = models.DateTimeField(_("delivery attested at"), null=True, blank=True)
    checkin_closed_at = models.DateTimeField(_("check-in closed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll-call session")
        verbose_name_plural = _("roll-call sessions")
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status="open", checkin_closed_at__isnull=True, completed_at__isnull=True
                )
                | Q(
                    status="checkin_closed",
                    checkin_closed_at__isnull=False,
                    completed_at__isnull=True,
                )
                | Q(
                    status="completed", checkin_closed_at__isnull=False, completed_at__isnull=False
                ),
                name="rollcall_session_state_has_times",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title} — {self.held_on:%Y-%m-%d} ({self.agency_id})"

    @property
    def is_open(self) -> bool:
        """Officers can still check in with the code."""
        return self.status == self.Status.OPEN

    @property
    def is_checkin_closed(self) -> bool:
        return self.status == self.Status.CHECKIN_CLOSED

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def needs_quiz(self) -> bool:
        return self.completion_rule == self.CompletionRule.QUIZ


class ExpectedOfficer(models.Model):
    """A person the session was meant for, fixed when it started (the roster can change later)."""

    session = models.ForeignKey(RollCallSession, on_delete=models.PROTECT, related_name="expected")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="rollcall_expectations",
    )
    user_name = models.CharField(_("name"), max_length=301)
    unit = models.CharField(_("shift or unit"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("expected officer")
        verbose_name_plural = _("expected officers")
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="rollcall_expected_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_name} expected at {self.session}"


class Attendance(models.Model):
    """An officer present at a session: checked in on a phone, or ticked by the supervisor."""

    class Method(models.TextChoices):
        SELF = "self", _("Checked in on a phone")
        TICKED = "ticked", _("Ticked by the supervisor")
        LATE = "late", _("Added late by the supervisor")

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
    """An expected officer who missed the session, and what the supervisor decided.

    Every absent expected person gets a row, so the record lists them all; the outcome says
    whether a make-up was given and, when not, why. Exemptions with a reason come from sessions
    closed before the one-list make-up form, and are kept as they were.
    """

    class Outcome(models.TextChoices):
        MAKEUP = "makeup", _("Make-up assigned")
        NO_MAKEUP = "no_makeup", _("No make-up (the supervisor's choice)")
        ALREADY_CURRENT = "current", _("Already current on the course")
        PRESENTER = "presenter", _("Presented the session")
        EXEMPT = "exempt", _("Exempt")

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
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.MAKEUP
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
                condition=Q(outcome="makeup", makeup_due_on__isnull=False, exemption_reason="")
                | (Q(outcome="exempt", makeup_due_on__isnull=True) & ~Q(exemption_reason=""))
                | Q(
                    outcome__in=["no_makeup", "current", "presenter"],
                    makeup_due_on__isnull=True,
                    exemption_reason="",
                ),
                name="rollcall_absence_outcome_is_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} absent from {self.session}"
