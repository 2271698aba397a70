from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One event for one person: the in-app entry and the log of its e-mail.

    `key` names the event ("assignment:<course>:<due date>", "certificate:<id>"); the unique
    constraint on (recipient, kind, key) is what makes every event reach a person once, however
    often it is reported (a retry, a double click, the daily command run twice).
    """

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (will retry)")
        GAVE_UP = "gave_up", _("Failed (gave up)")
        SKIPPED = "skipped", _("Not sent (nothing left to tell)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("event"), max_length=160)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path on the site.")
    )
    agency = models.ForeignKey(
        "lms.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"),
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="lms_notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="lms_notification_unread"),
            models.Index(fields=["kind", "key"], name="lms_notification_event"),
        ]

    def __str__(self) -> str:
        return f"{self.title} for {self.recipient_id} ({self.get_email_status_display()})"


class NotificationOptOut(models.Model):
    """A kind of notification the person turned off (in-app entry and e-mail alike)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=40)
    created_at = models.DateTimeField(_("turned off at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification turned off")
        verbose_name_plural = _("notifications turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="lms_notification_opt_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} off for {self.user_id}"
