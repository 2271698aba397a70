from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.counties import COUNTY_CHOICES

from .base import TimeStampedModel

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no look-alikes (0/O, 1/I/L)


def new_join_code() -> str:
    """A random, hard-to-guess join code (10 characters from 31: about 49 bits)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(10))


class Agency(TimeStampedModel, ClusterableModel):
    """A law-enforcement agency whose officers are trained here."""

    class AgencyType(models.TextChoices):
        MUNICIPAL_POLICE = "municipal_police", _("Municipal police")
        SHERIFF = "sheriff", _("Sheriff's office")
        STATE_POLICE = "state_police", _("State police")
        CAMPUS = "campus", _("Campus police")
        TRANSIT = "transit", _("Transit police")
        OTHER = "other", _("Other")

    class ProgramStatus(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    name = models.CharField(_("name"), max_length=200, unique=True)
    agency_type = models.CharField(
        _("type"), max_length=32, choices=AgencyType.choices, default=AgencyType.MUNICIPAL_POLICE
    )
    county = models.CharField(_("county"), max_length=32, choices=COUNTY_CHOICES, db_index=True)
    ori_number = models.CharField(
        _("ORI number"),
        max_length=9,
        blank=True,
        help_text=_("The agency's FBI Originating Agency Identifier, if it has one."),
    )
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("main contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, default=new_join_code, editable=False
    )
    allowed_email_domains = models.CharField(
        _("allowed e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. 'capitalcitypd.gov'. Officers signing up with these "
            "join at once; others wait for a supervisor's approval."
        ),
    )
    program_status = models.CharField(
        _("leave-behind program status"),
        max_length=16,
        choices=ProgramStatus.choices,
        default=ProgramStatus.INTERESTED,
        db_index=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    join_code_rotated_at = models.DateTimeField(_("join code rotated at"), null=True, blank=True)
    sop_acknowledge_days = models.PositiveSmallIntegerField(
        _("days to acknowledge the SOP"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Each person acknowledges a new SOP version within this many days of its adoption "
            "or of joining the agency, whichever is later."
        ),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def email_domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.allowed_email_domains.split(",")
            if d.strip()
        ]

    def rotate_join_code(self) -> str:
        """A new code; the old link and QR code stop working at once."""
        self.join_code = new_join_code()
        self.join_code_rotated_at = timezone.now()
        self.save(update_fields=["join_code", "join_code_rotated_at", "updated_at"])
        return self.join_code

    def allows_email(self, email: str) -> bool:
        """Whether an address is in one of the agency's allowed domains (exact domain match)."""
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in self.email_domains()


class Membership(TimeStampedModel):
    """A person's role in one agency over a period. Moving agency ends one and starts another."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Officer")
        SUPERVISOR = "supervisor", _("Supervisor")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Waiting for approval")
        ENDED = "ended", _("Ended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    # A ParentalKey so ORS can edit memberships inline on the agency in the Wagtail admin.
    agency = ParentalKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    badge_number = models.CharField(_("badge number"), max_length=32, blank=True)
    rank = models.CharField(_("rank"), max_length=64, blank=True)
    unit = models.CharField(_("unit or shift"), max_length=64, blank=True, db_index=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who approved, declined or ended this membership."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency__name", "user__last_name", "user__first_name"]
        constraints = [
            # One current (active or pending) membership per person and agency; history may repeat.
            models.UniqueConstraint(
                fields=["user", "agency"],
                condition=~Q(status="ended"),
                name="lms_membership_one_current_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="lms_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency}"

    @property
    def is_supervisory(self) -> bool:
        return self.role in {self.Role.SUPERVISOR, self.Role.AGENCY_ADMIN}
