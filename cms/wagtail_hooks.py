from __future__ import annotations

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from cms.queue import queue_counts
from cms.viewsets import LeaveBehindProgramGroup
from lms.access import is_ors_staff

register_snippet(LeaveBehindProgramGroup)


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
