from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class Invitation(TimeStampedModel):
    """An agency asks a person to join it; only the person can accept.

    A roster import names people by e-mail. Making them members at once would let any
    supervisor pull another agency's officers (and their records) into theirs, so the import
    writes an invitation instead and the person accepts or declines it, signed in, on their own
    dashboard. The name and e-mail are kept as the file gave them: that is all the inviting
    agency sees, whether or not the address already had an account.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the person")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the agency")

    agency = models.ForeignKey("lms.Agency", on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # As written in the roster file: shown to the agency instead of the account's own details.
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    badge_number = models.CharField(_("badge number"), max_length=32, blank=True)
    rank = models.CharField(_("rank"), max_length=64, blank=True)
    unit = models.CharField(_("unit or shift"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                condition=Q(status="open"),
                name="lms_invitation_one_open_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} invites {self.email} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
