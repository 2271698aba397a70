"""Wagtail admin for the ORS queue, the supplier directory, family inserts and SOP evidence."""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.models import (
    FamilyInsert,
    NaloxoneSupplier,
    ProgramRegistration,
    SOPAcknowledgement,
    SOPAdoption,
    TechnicalAssistanceRequest,
)
from lms.admin_columns import WordsColumn
from lms.admin_exports import SafeExportSnippetViewSet


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Evidence records: visible to those who may view them, never added, edited or deleted
    in the admin (they are written by the officer's own action)."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete", "publish", "lock", "unlock"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewset so Wagtail uses it instead of its default model policy.
register_permission_policy(SOPAcknowledgement, ViewOnlyPermissionPolicy(SOPAcknowledgement))
# SOP versions are what officers acknowledged: adopted only by a supervisor on the SOP page,
# where the placeholder check and the version numbering live.
register_permission_policy(SOPAdoption, ViewOnlyPermissionPolicy(SOPAdoption))


class ProgramRegistrationViewSet(SafeExportSnippetViewSet):
    model = ProgramRegistration
    icon = "form"
    menu_label = "Program registrations"
    list_display = ["agency_name", "county", "program_stage", "status", "assignee", "created_at"]
    list_filter = ["status", "program_stage", "naloxone_source", "wants_technical_assistance"]
    search_fields = ["agency_name", "contact_name", "contact_email"]
    list_export = [
        "agency_name",
        "agency_type",
        "county",
        "contact_name",
        "contact_email",
        "contact_phone",
        "program_stage",
        "naloxone_source",
        "sop_status",
        "wants_technical_assistance",
        "status",
        "created_at",
    ]
    export_filename = "program-registrations"
    copy_view_enabled = False
    inspect_view_enabled = True


class AssistanceRequestViewSet(SafeExportSnippetViewSet):
    model = TechnicalAssistanceRequest
    icon = "help"
    menu_label = "Technical assistance"
    list_display = ["agency", "topic", "requester_name", "status", "assignee", "created_at"]
    list_filter = ["status", "topic"]
    search_fields = ["requester_name", "requester_email", "details"]
    list_export = [
        "agency",
        "topic",
        "requester_name",
        "requester_email",
        "details",
        "status",
        "created_at",
    ]
    export_filename = "technical-assistance-requests"
    copy_view_enabled = False
    inspect_view_enabled = True


class NaloxoneSupplierViewSet(SafeExportSnippetViewSet):
    model = NaloxoneSupplier
    icon = "site"
    menu_label = "Naloxone suppliers"
    list_display = [
        "organisation",
        WordsColumn("serves_statewide", label="Statewide", yes="Statewide", no="By county"),
        "phone",
        "email",
        WordsColumn("is_listed", label="Listed", yes="Listed", no="Hidden"),
    ]
    list_filter = ["serves_statewide", "is_listed"]
    search_fields = ["organisation", "notes"]
    list_export = ["organisation", "serves_statewide", "contact_name", "phone", "email", "website"]
    export_filename = "naloxone-suppliers"


class FamilyInsertViewSet(SafeExportSnippetViewSet):
    model = FamilyInsert
    icon = "doc-full"
    menu_label = "Family inserts"
    list_display = ["title", "language", "version", "published_on"]
    list_filter = ["language"]


class SOPAdoptionViewSet(SafeExportSnippetViewSet):
    model = SOPAdoption
    icon = "clipboard-list"
    menu_label = "SOP adoptions"
    list_display = ["agency_name", "title", "version", "source", "adopted_on"]
    list_filter = ["source"]
    search_fields = ["agency_name", "title"]
    list_export = [
        "agency_name",
        "title",
        "version",
        "version_label",
        "source",
        "adopted_on",
    ]
    export_filename = "sop-adoptions"
    inspect_view_enabled = True
    copy_view_enabled = False


class SOPAcknowledgementViewSet(SafeExportSnippetViewSet):
    model = SOPAcknowledgement
    icon = "tick-inverse"
    menu_label = "SOP acknowledgements"
    list_display = ["user_name", "agency_name", "sop_title", "sop_version", "acknowledged_at"]
    search_fields = ["user_name", "user_email", "agency_name"]
    list_export = [
        "agency_name",
        "sop_title",
        "sop_version",
        "sop_version_label",
        "user_name",
        "user_email",
        "badge_number",
        "acknowledged_at",
    ]
    export_filename = "sop-acknowledgements"
    inspect_view_enabled = True
    copy_view_enabled = False


class LeaveBehindProgramGroup(SnippetViewSetGroup):
    menu_label = "Leave-behind program"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        ProgramRegistrationViewSet,
        AssistanceRequestViewSet,
        NaloxoneSupplierViewSet,
        FamilyInsertViewSet,
        SOPAdoptionViewSet,
        SOPAcknowledgementViewSet,
    )
