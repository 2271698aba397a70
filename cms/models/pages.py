from __future__ import annotations

from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import ToolkitBodyBlock
from cms.models.snippets import NaloxoneSupplier
from cms.printables import render_toolkit_pdf
from lms.counties import COUNTY_CHOICES


class HomePage(Page):
    """The site root: what Roll Call LMS is and where each kind of visitor goes next."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("A few sentences shown under the page title."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.CourseIndexPage",
        "cms.ToolkitIndexPage",
        "cms.SupplierDirectoryPage",
        "cms.FormPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class ToolkitIndexPage(Page):
    """The leave-behind toolkit: lists its resource pages."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ToolkitPage", "cms.FormPage"]
    max_count = 1

    class Meta:
        verbose_name = _("toolkit index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = self.get_children().live().public().specific()
        return context


class ToolkitPage(RoutablePageMixin, Page):
    """One toolkit resource (program benefits, obtaining naloxone, model SOP, roll-call script).

    Pages marked printable also serve a PDF at `<page url>pdf/`. Agencies adopt the page of
    kind "model SOP" (its live revision is recorded with the adoption).
    """

    class Kind(models.TextChoices):
        BENEFITS = "benefits", _("Program benefits")
        OBTAINING = "obtaining", _("Obtaining naloxone")
        MODEL_SOP = "model_sop", _("Model SOP")
        ROLL_CALL_SCRIPT = "roll_call_script", _("Roll-call script")
        OTHER = "other", _("Other resource")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    version_label = models.CharField(
        _("version"),
        max_length=40,
        blank=True,
        help_text=_("Shown on the page and the PDF, e.g. '2026.1'. Agencies adopt a version."),
    )
    printable = models.BooleanField(_("offer a printable PDF"), default=False)
    body = StreamField(ToolkitBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("version_label"), FieldPanel("printable")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ToolkitIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("toolkit resource page")

    @path("")
    def html(self, request):
        return self.render(request)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        if not self.printable:
            raise Http404
        response = HttpResponse(render_toolkit_pdf(page=self), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response


class SupplierDirectoryPage(Page):
    """Public directory of no-cost naloxone suppliers, filterable by county (plain GET form)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.ToolkitIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("naloxone supplier directory page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        county = request.GET.get("county", "")
        valid = {value for value, _label in COUNTY_CHOICES}
        selected = county if county in valid else ""
        context["counties"] = COUNTY_CHOICES
        context["selected_county"] = selected
        context["unknown_county"] = bool(county) and not selected
        context["suppliers"] = NaloxoneSupplier.listed_for_county(county=selected or None)
        return context


class FormField(AbstractFormField):
    page = ParentalKey("cms.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """A survey the ORS team builds and edits itself (Wagtail's form builder)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "link"])

    content_panels = [
        FormSubmissionsPanel(),
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            _("E-mail"),
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.ToolkitIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("survey form page")
