"""Program registrations and technical-assistance requests: the ORS team's work queue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from lms.counties import COUNTY_CHOICES
from lms.models import Agency, TimeStampedModel


class QueueStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    IN_PROGRESS = "in_progress", _("In progress")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (QueueStatus.NEW, QueueStatus.CONTACTED, QueueStatus.IN_PROGRESS)


class QueueItem(models.Model):
    """What ORS tracks on every queue entry: where it stands and who is handling it."""

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QueueStatus.choices,
        default=QueueStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )

    class Meta:
        abstract = True


class ProgramRegistration(QueueItem, TimeStampedModel, ClusterableModel):
    """An agency's registration of its leave-behind program, pending ORS review."""

    class Stage(models.TextChoices):
        EXPLORING = "exploring", _("Exploring the idea")
        PLANNING = "planning", _("Planning (2-6 months to launch is typical)")
        LAUNCHING = "launching", _("Launching now")
        ACTIVE = "active", _("Already leaving kits behind")

    class NaloxoneSource(models.TextChoices):
        OWN_OOPP = "own_oopp", _("We are a NYSDOH-registered opioid overdose prevention program")
        PARTNER_OOPP = "partner_oopp", _("A registered program in our area supplies us")
        PURCHASE = "purchase", _("We buy it (e.g. from a wholesaler)")
        NOT_YET = "not_yet", _("We do not have a source yet")
        OTHER = "other", _("Other")

    class SOPStatus(models.TextChoices):
        ADOPTED = "adopted", _("Yes, adopted")
        DRAFTING = "drafting", _("Being drafted")
        NO = "no", _("Not yet")

    agency_name = models.CharField(_("agency name"), max_length=200)
    agency_type = models.CharField(
        _("agency type"), max_length=32, choices=Agency.AgencyType.choices
    )
    county = models.CharField(_("county"), max_length=32, choices=COUNTY_CHOICES)
    sworn_officers = models.PositiveIntegerField(
        _("number of sworn officers"), null=True, blank=True
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_title = models.CharField(_("contact title or rank"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    program_stage = models.CharField(_("program stage"), max_length=16, choices=Stage.choices)
    naloxone_source = models.CharField(
        _("naloxone source"), max_length=16, choices=NaloxoneSource.choices
    )
    sop_status = models.CharField(_("SOP adopted?"), max_length=16, choices=SOPStatus.choices)
    wants_technical_assistance = models.BooleanField(_("technical assistance wanted"))
    message = models.TextField(_("anything else"), max_length=2000, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program_registrations",
        help_text=_("Created or linked when the registration arrived."),
    )

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("assignee")]),
        InlinePanel("notes", label=_("Notes")),
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldRowPanel([FieldPanel("agency_type"), FieldPanel("county")]),
                FieldPanel("sworn_officers"),
                FieldPanel("agency"),
            ],
            _("Agency"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_title"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            _("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("program_stage"),
                FieldPanel("naloxone_source"),
                FieldPanel("sop_status"),
                FieldPanel("wants_technical_assistance"),
                FieldPanel("message"),
            ],
            _("Program"),
        ),
    ]

    class Meta:
        verbose_name = _("program registration")
        verbose_name_plural = _("program registrations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency_name} ({self.get_status_display()})"


class TechnicalAssistanceRequest(QueueItem, TimeStampedModel, ClusterableModel):
    """A supervisor's request for one-on-one help from the ORS team."""

    class Topic(models.TextChoices):
        SECURING_NALOXONE = "securing_naloxone", _("Securing naloxone")
        SOP = "sop", _("Standard operating procedure")
        TRAINING = "training", _("Training")
        DATA = "data", _("Data and reporting")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="technical_assistance_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requester_name = models.CharField(_("requested by"), max_length=301)
    requester_email = models.EmailField(_("requester e-mail"))
    requester_phone = models.CharField(_("phone"), max_length=40, blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    details = models.TextField(_("what do you need?"), max_length=2000)

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("assignee")]),
        InlinePanel("notes", label=_("Notes")),
        FieldPanel("agency", read_only=True),
        FieldRowPanel(
            [
                FieldPanel("requester_name", read_only=True),
                FieldPanel("requester_email", read_only=True),
                FieldPanel("requester_phone", read_only=True),
            ]
        ),
        FieldPanel("topic"),
        FieldPanel("details"),
    ]

    class Meta:
        verbose_name = _("technical-assistance request")
        verbose_name_plural = _("technical-assistance requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.agency} ({self.get_status_display()})"


class QueueNoteBase(models.Model):
    text = models.TextField(_("note"), max_length=4000)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    panels = [FieldPanel("text")]

    class Meta:
        abstract = True
        ordering = ["written_at"]

    def __str__(self) -> str:
        return self.text[:60]


class RegistrationNote(QueueNoteBase):
    """An ORS team member's note on a registration (status changes are in Wagtail's history)."""

    registration = ParentalKey(ProgramRegistration, on_delete=models.CASCADE, related_name="notes")

    class Meta(QueueNoteBase.Meta):
        verbose_name = _("registration note")


class AssistanceNote(QueueNoteBase):
    """An ORS team member's note on a technical-assistance request."""

    request = ParentalKey(
        TechnicalAssistanceRequest, on_delete=models.CASCADE, related_name="notes"
    )

    class Meta(QueueNoteBase.Meta):
        verbose_name = _("technical-assistance note")
