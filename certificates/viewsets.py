"""Wagtail admin for certificates, their designs and quick reference cards (ORS only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from certificates.models import Certificate, CertificateTemplate, QuickReferenceCard
from lms.access import is_ors_staff
from lms.admin_columns import WordsColumn
from lms.admin_exports import SafeExportSnippetViewSet


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are issued by the ledger and revoked, never added, edited or deleted here.

    ORS staff may list and inspect them; revoking and regenerating are separate admin views.
    """

    def user_has_permission(self, user, action):
        return action == "view" and is_ors_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class CertificateViewSet(SafeExportSnippetViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_order = 100
    inspect_view_enabled = True
    list_display = [
        "code",
        "full_name",
        "agency_name",
        "course_title",
        Column("completed_on", label=_("Completed")),
        Column("expires_on", label=_("Expires")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("superseded_by", label=_("Superseded by")),
        WordsColumn(
            "rendered", label=_("PDF"), accessor="pdf", yes=_("Rendered"), no=_("Not yet rendered")
        ),
    ]
    list_filter = ["status", "course_title", "completed_on"]
    search_fields = ["full_name", "code"]
    list_export = [
        "code",
        "full_name",
        "agency_name",
        "course_title",
        "completed_on",
        "expires_on",
        "status",
        "revoked_at",
        "revoked_reason",
    ]
    export_filename = "certificates"
    inspect_view_fields = [
        "code",
        "status",
        "full_name",
        "agency_name",
        "course_title",
        "completed_on",
        "expires_on",
        "signatory_name",
        "signatory_title",
        "rendered_at",
        "render_error",
        "revoked_at",
        "revoked_reason",
        "superseded_by",
        "status_list_index",
    ]
    ordering = ["-completed_on"]


class CertificateTemplateViewSet(SafeExportSnippetViewSet):
    model = CertificateTemplate
    icon = "form"
    menu_label = _("Certificate designs")
    menu_order = 200
    list_display = [
        "name",
        WordsColumn("is_default", label=_("Default"), yes=_("Default"), no=_("No")),
        "signatory_name",
        Column("missing_images", label=_("Missing images"), accessor="missing_images_label"),
    ]
    search_fields = ["name"]


class QuickReferenceCardViewSet(SafeExportSnippetViewSet):
    model = QuickReferenceCard
    icon = "clipboard-list"
    menu_label = _("Quick reference cards")
    menu_order = 300
    list_display = ["title", "slug", "version", "published_on", "course"]
    list_filter = ["slug"]
    search_fields = ["title"]
    list_export = ["title", "slug", "version", "published_on"]
    export_filename = "quick-reference-cards"


class CertificatesGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 350
    items = (CertificateViewSet, CertificateTemplateViewSet, QuickReferenceCardViewSet)
