from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField

from lms.counties import COUNTY_CHOICES
from lms.models import TimeStampedModel


class NaloxoneSupplier(TimeStampedModel, ClusterableModel):
    """An organisation that gives law-enforcement agencies naloxone at no cost.

    Usually a NYSDOH-registered Opioid Overdose Prevention Program that partners with agencies.
    """

    organisation = models.CharField(_("organisation"), max_length=200, unique=True)
    serves_statewide = models.BooleanField(
        _("serves every county"), default=False, help_text=_("Listed under every county.")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, max_length=1000, help_text=_("e.g. what they supply and how.")
    )
    is_listed = models.BooleanField(_("listed publicly"), default=True)

    panels = [
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            _("Contact"),
        ),
        FieldPanel("serves_statewide"),
        InlinePanel("counties", label=_("Counties served")),
        FieldPanel("notes"),
        FieldPanel("is_listed"),
    ]

    class Meta:
        verbose_name = _("naloxone supplier")
        verbose_name_plural = _("naloxone suppliers")
        ordering = ["organisation"]

    def __str__(self) -> str:
        return self.organisation

    def county_names(self) -> list[str]:
        return sorted(c.county for c in self.counties.all())

    @classmethod
    def listed_for_county(cls, *, county: str | None) -> QuerySet[NaloxoneSupplier]:
        """Listed suppliers serving `county` (statewide ones included); all listed ones for None.

        The public supplier directory (SupplierDirectoryPage) shows these."""
        suppliers = cls.objects.filter(is_listed=True)
        if county:
            suppliers = suppliers.filter(Q(serves_statewide=True) | Q(counties__county=county))
        return suppliers.distinct().prefetch_related(
            Prefetch("counties", queryset=SupplierCounty.objects.order_by("county"))
        )


class SupplierCounty(models.Model):
    """One county a supplier serves."""

    supplier = ParentalKey(NaloxoneSupplier, on_delete=models.CASCADE, related_name="counties")
    county = models.CharField(_("county"), max_length=32, choices=COUNTY_CHOICES, db_index=True)

    panels = [FieldPanel("county")]

    class Meta:
        verbose_name = _("county served")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "county"], name="cms_supplier_county_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.county}"


class FamilyInsert(TimeStampedModel):
    """The plain-language sheet packed with every leave-behind kit, one row per language+version.

    A newer version (later `published_on`) of the same language supersedes the older one; the
    old version's page stays reachable and links to the current one.
    """

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Español"

    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    version = models.CharField(
        _("version"), max_length=20, help_text=_("e.g. '2026.1'. Letters, digits, dots, dashes.")
    )
    published_on = models.DateField(_("published on"))
    title = models.CharField(_("title"), max_length=120)
    body = RichTextField(
        _("body"), features=["bold", "italic", "h2", "h3", "ol", "ul", "link"], max_length=6000
    )
    footer = models.CharField(_("footer"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("version"), FieldPanel("published_on")]),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("footer"),
    ]

    class Meta:
        verbose_name = _("family insert")
        verbose_name_plural = _("family inserts")
        ordering = ["language", "-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["language", "version"], name="cms_insert_version_once"),
            models.CheckConstraint(
                condition=Q(version__regex=r"^[A-Za-z0-9.\-]+$"), name="cms_insert_version_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_language_display()}, version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse(
            "cms:family_insert_version", kwargs={"language": self.language, "version": self.version}
        )

    def get_pdf_url(self) -> str:
        return reverse(
            "cms:family_insert_pdf", kwargs={"language": self.language, "version": self.version}
        )

    @classmethod
    def current(cls, language: str) -> FamilyInsert | None:
        return cls.objects.filter(language=language).order_by("-published_on", "-pk").first()
