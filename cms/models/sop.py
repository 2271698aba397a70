"""Which leave-behind SOP an agency adopted, and officers' acknowledgements of it (evidence)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from lms.models import TimeStampedModel


class SOPAdoption(TimeStampedModel):
    """One version of an agency's own SOP: its text written here, or its uploaded PDF.

    Versions are numbered 1, 2, 3... per agency; the highest number is the one in force, and
    each new version asks everyone in the agency to acknowledge again. Adoptions of the
    toolkit's generic model SOP ("model") were recorded before agencies adopted their own text;
    they are kept as evidence but are never in force (officers cannot acknowledge a text with
    "[Agency name]" placeholders).
    """

    class Source(models.TextChoices):
        MODEL = "model", _("The toolkit's model SOP (generic, no longer adoptable)")
        OWN = "own", _("Our own SOP (uploaded PDF)")
        TEXT = "text", _("Our own SOP (text written here)")

    agency = models.ForeignKey("lms.Agency", on_delete=models.PROTECT, related_name="sop_adoptions")
    version = models.PositiveIntegerField(_("version number"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    model_sop = models.ForeignKey(
        "cms.ToolkitPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    model_sop_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    title = models.CharField(_("title"), max_length=200)
    version_label = models.CharField(
        _("agency's reference"), max_length=40, blank=True, help_text=_("e.g. 'Rev. 3'.")
    )
    adopted_on = models.DateField(_("adopted on"))
    acknowledge_by = models.DateField(
        _("agency-wide due date (before per-person due dates)"), null=True, blank=True
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency_name = models.CharField(_("agency (as adopted)"), max_length=200)

    panels = [
        FieldPanel("agency", read_only=True),
        FieldPanel("title", read_only=True),
        FieldPanel("version", read_only=True),
        FieldPanel("version_label", read_only=True),
        FieldPanel("source", read_only=True),
        FieldPanel("adopted_on", read_only=True),
    ]

    class Meta:
        verbose_name = _("SOP adoption")
        verbose_name_plural = _("SOP adoptions")
        ordering = ["-version", "-pk"]
        get_latest_by = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="cms_sop_version_once"),
            models.CheckConstraint(
                condition=~Q(source="own") | Q(document__isnull=False),
                name="cms_sop_own_has_document",
            ),
            models.CheckConstraint(
                condition=~Q(source="text") | ~Q(text=""),
                name="cms_sop_text_has_text",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_by__isnull=True)
                | Q(acknowledge_by__gte=models.F("adopted_on")),
                name="cms_sop_due_after_adoption",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_name}: {self.title} version {self.version} ({self.adopted_on})"

    def is_readable(self) -> bool:
        """Whether officers can read it as their agency's own SOP (text or PDF)."""
        return self.source in (self.Source.TEXT, self.Source.OWN)


class SOPAcknowledgement(models.Model):
    """Append-only evidence that an officer read and acknowledged an adopted SOP version.

    Snapshots keep the record meaningful if the user, agency or SOP is later renamed or removed.
    """

    adoption = models.ForeignKey(
        SOPAdoption, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sop_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), db_index=True)
    user_name = models.CharField(_("name"), max_length=301)
    user_email = models.EmailField(_("e-mail"), blank=True)
    badge_number = models.CharField(_("badge number"), max_length=32, blank=True)
    agency_name = models.CharField(_("agency"), max_length=200)
    sop_title = models.CharField(_("SOP"), max_length=200)
    sop_version = models.PositiveIntegerField(_("SOP version number"))
    sop_version_label = models.CharField(_("SOP reference"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("SOP acknowledgement")
        verbose_name_plural = _("SOP acknowledgements")
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["adoption", "user"], name="cms_sop_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_name} acknowledged {self.sop_title} version {self.sop_version}"

    def save(self, *args, **kwargs):
        # Evidence: written once. Only the SET_NULL of a deleted user may touch it afterwards,
        # and that happens in SQL, not through save().
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("SOP acknowledgements are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("SOP acknowledgements are never deleted.")
