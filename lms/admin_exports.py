"""The Wagtail admin's spreadsheet exports, as safe as the site's own (lms.spreadsheet_exports).

Wagtail's exports (snippet listings, its reports, form submissions) write CSV cells as they
are, and XLSX text cells as text. So a name, or a public form's answer, that starts with "=" ran
as a formula when ORS opened the CSV in a spreadsheet, and bidirectional-override characters
in a name reordered what the reader saw, in both formats. Every export of the admin goes
through `SafeSpreadsheetExportMixin` instead: text loses the direction controls in both
formats, and CSV text a spreadsheet would run gets the leading apostrophe (`csv_cell`, the
site's own rule); XLSX cells stay text, without the apostrophe (Wagtail already writes a
would-be formula as a string).

Where the exports are:
- snippet listings: every viewset of the project derives from `SafeExportSnippetViewSet`;
- form submissions (cms.FormPage): `SafeSubmissionsListView`;
- Wagtail's own reports (site history, locked pages, workflows, aging pages, page types):
  `report_urlpatterns` serve their addresses with the same views made safe, listed in
  lms/urls.py before the admin's own, behind the same admin-access check.
"""

from __future__ import annotations

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.spreadsheet_exports import csv_cell, strip_bidi_controls

CSV = "csv"


class SafeSpreadsheetExportMixin:
    """For any view with Wagtail's SpreadsheetExportMixin: text made safe per format."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            return csv_cell(value) if export_format == CSV else strip_bidi_controls(value)
        return value


class SafeExportIndexView(SafeSpreadsheetExportMixin, SnippetIndexView):
    pass


class SafeExportSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose listing exports safe spreadsheets (the project's only base)."""

    index_view_class = SafeExportIndexView


class SafeSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    pass


def _safe(view_class):
    return type(view_class.__name__, (SafeSpreadsheetExportMixin, view_class), {})


# Wagtail's report addresses under /admin/reports/ (wagtail/admin/urls/reports.py).
REPORTS = {
    "locked/": _safe(LockedPagesView),
    "workflow/": _safe(WorkflowView),
    "workflow_tasks/": _safe(WorkflowTasksView),
    "site-history/": _safe(LogEntriesView),
    "aging-pages/": _safe(AgingPagesView),
    "page-types-usage/": _safe(PageTypesUsageReportView),
}


def report_urlpatterns(admin_prefix: str = "admin/") -> list:
    """Patterns for Wagtail's report pages and their results, to list before the admin's own
    (the admin keeps its names for them: reverse() gives the same addresses)."""
    patterns = []
    for address, view_class in REPORTS.items():
        for suffix, results_only in (("", False), ("results/", True)):
            view = view_class.as_view(results_only=results_only)
            patterns.append(
                path(
                    f"{admin_prefix}reports/{address}{suffix}",
                    never_cache(require_admin_access(view)),
                )
            )
    return patterns
