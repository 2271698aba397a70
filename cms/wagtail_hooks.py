from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from cms.models import FormPage, SOPAdoption
from cms.queue import queue_counts
from cms.sop import may_read_agency_sop
from cms.viewsets import LeaveBehindProgramGroup
from lms.access import is_ors_staff
from lms.admin_exports import SafeSubmissionsListView

register_snippet(LeaveBehindProgramGroup)
# The public's answers to a survey are exported as safe spreadsheets (lms.admin_exports). Set
# here, not on the model: the admin's views cannot be imported while models are loading.
FormPage.submissions_list_view_class = SafeSubmissionsListView


class ProgramQueuePanel(Component):
    """Open registrations and technical-assistance requests, by status, on the admin home."""

    name = "program_queue"
    order = 60

    def render_html(self, parent_context=None):
        return render_to_string("cms/admin/program_queue_panel.html", {"rows": queue_counts()})


@hooks.register("construct_homepage_panels")
def add_program_queue_panel(request, panels):
    if is_ors_staff(request.user):
        panels.append(ProgramQueuePanel())


@hooks.register("before_serve_document")
def keep_agency_sops_within_the_agency(document, request):
    """An agency's uploaded SOP is also a Wagtail document; its /documents/ address answers
    only the people who may read it on the SOP pages (another agency's SOP is a 404)."""
    agency_ids = set(
        SOPAdoption.objects.filter(document=document).values_list("agency_id", flat=True)
    )
    for agency_id in agency_ids:
        if not may_read_agency_sop(request.user, agency_id=agency_id):
            raise Http404("Not your agency's SOP.")
