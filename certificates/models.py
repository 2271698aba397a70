"""Certificates (evidence: revoked, never deleted), their design, and quick reference cards."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from certificates.blocks import CardBodyBlock
from certificates.codes import new_certificate_code
from certificates.design_pdf import render_template_preview
from certificates.storage import select_certificate_storage
from lms.conf import absolute_url
from lms.models import TimeStampedModel

PLACEHOLDERS = ("name", "agency", "course", "completed", "expires", "issuer")

# Wording that claims nobody's authorship: ORS approves any wording naming it (REVIEW-2026-12).
DEFAULT_ISSUER = "a training delivered through Roll Call LMS"
DEFAULT_BODY = "has completed {issuer}"


class CertificateTemplate(PreviewableMixin, TimeStampedModel):
    """The certificate design ORS edits in the admin. One is the default for every course."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("default design"),
        default=False,
        help_text=_("Used for every new certificate. Only one design can be the default."),
    )

    class PaperSize(models.TextChoices):
        LETTER = "letter", _("US Letter (11 x 8.5 in), landscape")
        A4 = "a4", _("A4 (297 x 210 mm), landscape")

    heading = models.CharField(_("heading"), max_length=120, default="Certificate of Completion")
    paper_size = models.CharField(
        _("paper size"),
        max_length=8,
        choices=PaperSize.choices,
        default=PaperSize.LETTER,
        help_text=_("The page the certificate is laid out on; the frame follows the margins."),
    )
    body = models.TextField(
        _("body text"),
        default=DEFAULT_BODY,
        help_text=_(
            "Printed between the officer's name and the course. The page already prints the "
            "name, agency, course, completion date and expiry once each, so say what the "
            "training was rather than repeating them. Placeholders: {name}, {agency}, {course}, "
            "{completed}, {expires}, {issuer}."
        ),
    )
    issuer = models.CharField(
        _("issuer wording"),
        max_length=240,
        blank=True,
        default=DEFAULT_ISSUER,
        help_text=_(
            "What the training was and who issues it, printed where the body says {issuer}. "
            "Name the New York ORS team only with wording ORS has approved."
        ),
    )
    expiry_line = models.CharField(
        _("expiry line"),
        max_length=200,
        default="Valid until {expires}.",
        blank=True,
        help_text=_("Printed only when the course must be repeated. Same placeholders."),
    )
    signatory_name = models.CharField(_("signatory name"), max_length=120)
    signatory_title = models.CharField(_("signatory title"), max_length=160)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A scan of the signature on a white or transparent background."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Printed as a seal 1.6 in across at the foot of the page, so its lettering reads at "
            "arm's length. JPEG keeps the PDF small and fast; PNG for transparency."
        ),
    )
    footer = models.CharField(_("footer"), max_length=240, blank=True)

    panels = [
        HelpPanel(
            content=_(
                "Certificates print without a signature or logo when none is chosen; add both "
                "before issuing. Use the preview to see the design with sample data."
            )
        ),
        FieldPanel("name"),
        FieldPanel("is_default"),
        FieldPanel("paper_size"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("body"),
                FieldPanel("issuer"),
                FieldPanel("expiry_line"),
            ],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            heading=_("Signatory"),
        ),
        FieldPanel("logo", heading=_("seal or logo")),
        FieldPanel("footer"),
    ]

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="certificates_one_default_template",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (default)" if self.is_default else self.name

    def clean(self) -> None:
        sample = dict.fromkeys(PLACEHOLDERS, "x")
        for field in ("heading", "body", "expiry_line", "footer"):
            try:
                getattr(self, field).format(**sample)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValidationError(
                    {
                        field: _("Use only the placeholders %(placeholders)s. Problem: %(problem)s")
                        % {
                            "placeholders": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
                            "problem": exc,
                        }
                    }
                ) from exc

    def missing_images_label(self) -> str:
        return ", ".join(self.missing_images()) or "—"

    def missing_images(self) -> list[str]:
        missing = []
        if not self.signature_image_id:
            missing.append(str(_("signature image")))
        if not self.logo_id:
            missing.append(str(_("logo")))
        return missing

    # Wagtail preview: the PDF itself, with sample data (see certificates.design_pdf).
    def serve_preview(self, request, mode_name):
        response = HttpResponse(
            render_template_preview(template=self), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
        return response


class Certificate(TimeStampedModel):
    """A certificate for one completion. Revoked or superseded, never deleted.

    The printed fields are snapshots, so the verification page shows exactly what the PDF says.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    class State(models.TextChoices):
        """What the verification page says (derived, not stored)."""

        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    completion = models.ForeignKey(
        "lms.Completion", on_delete=models.PROTECT, related_name="certificates"
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    code = models.CharField(
        _("verification code"),
        max_length=12,
        unique=True,
        default=new_certificate_code,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.VALID, db_index=True
    )
    full_name = models.CharField(_("name"), max_length=301)
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    signatory_name = models.CharField(_("signatory name"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=160, blank=True)
    # Private storage, never served directly: only the download view hands the file out.
    pdf = models.FileField(
        _("PDF"),
        upload_to="%Y/",
        storage=select_certificate_storage,
        blank=True,
        max_length=200,
    )
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    render_error = models.CharField(_("last rendering problem"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Its bit in the revocation status list of its Open Badges credential (random, unique;
    # see certificates.credentials.status_list).
    status_list_index = models.PositiveIntegerField(
        _("status list position"), null=True, blank=True, unique=True, editable=False
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text=_(
            "The certificate from a later completion of the same course, or the reissue of "
            "this one (reissued at is set)."
        ),
    )
    reissued_at = models.DateTimeField(
        _("reissued at"),
        null=True,
        blank=True,
        help_text=_("Replaced by a new certificate for the same completion (a corrected name)."),
    )

    search_fields = [index.SearchField("full_name"), index.SearchField("code")]

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            # Issuing is idempotent per completion; regeneration replaces the file, not the row.
            # A reissue (certificates.reissue) keeps the earlier certificate, marked reissued.
            models.UniqueConstraint(
                fields=["completion"],
                condition=Q(reissued_at__isnull=True),
                name="certificates_one_current_per_completion",
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | (Q(status="revoked", revoked_at__isnull=False) & ~Q(revoked_reason="")),
                name="certificates_revocation_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="certificates_expires_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.full_name}, {self.course_title}"

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on <= today

    def verification_state(self, today: dt.date | None = None) -> str:
        if self.status == self.Status.REVOKED:
            return self.State.REVOKED
        if self.is_expired(today):
            return self.State.EXPIRED
        return self.State.VALID

    def get_verification_path(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.code})

    def verification_url(self) -> str:
        return absolute_url(self.get_verification_path())

    def get_download_url(self) -> str:
        return reverse("certificates:download", kwargs={"code": self.code})

    def download_filename(self) -> str:
        return f"certificate-{self.code}.pdf"


class CertificateFile(models.Model):
    """Every PDF ever stored for a certificate; regeneration adds one and keeps the old."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("PDF"), storage=select_certificate_storage, max_length=200)
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("certificate file")
        verbose_name_plural = _("certificate files")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file.name} ({self.reason})"


class QuickReferenceCard(PreviewableMixin, TimeStampedModel):
    """One version of a wallet card. A new version is a new row with the same slug.

    The highest version of a slug is current; older versions stay online and say so.
    """

    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Same slug for every version of one card.")
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=60)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = StreamField(CardBodyBlock(), verbose_name=_("sections"))
    published_on = models.DateField(_("version date"), default=timezone.localdate)
    show_qr = models.BooleanField(
        _("print a QR code to the online card"), default=True, help_text=_("On the back.")
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quick_reference_cards",
        help_text=_("The course whose officers get this card."),
    )

    panels = [
        HelpPanel(
            content=_(
                "To publish a new version, copy the current card, edit the copy and save it: "
                "the copy gets the next version number and the old one says it is superseded."
            )
        ),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("published_on"),
        FieldPanel("course"),
        FieldPanel("show_qr"),
        FieldPanel("body"),
    ]

    search_fields = [index.SearchField("title"), index.FilterField("slug")]

    class Meta:
        verbose_name = _("quick reference card")
        verbose_name_plural = _("quick reference cards")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="certificates_card_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        if self._state.adding or not self.version:
            latest = (
                QuickReferenceCard.objects.filter(slug=self.slug)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)

    def current_version(self) -> QuickReferenceCard:
        return QuickReferenceCard.objects.filter(slug=self.slug).order_by("-version").first()

    def is_superseded(self) -> bool:
        return QuickReferenceCard.objects.filter(slug=self.slug, version__gt=self.version).exists()

    def get_absolute_url(self) -> str:
        return reverse(
            "certificates:card_version", kwargs={"slug": self.slug, "version": self.version}
        )

    def online_url(self) -> str:
        return absolute_url(reverse("certificates:card", kwargs={"slug": self.slug}))

    def sections(self, side: str | None = None) -> list:
        return [
            block.value
            for block in self.body
            if block.block_type == "section" and (side is None or block.value["side"] == side)
        ]

    def phone_numbers(self) -> list:
        return [block.value for block in self.body if block.block_type == "phone"]

    def get_preview_template(self, request, mode_name):
        return "certificates/quick_reference_card.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(card=self, superseded=False, current=self)
        return context
