"""URLs of the lms app (dashboards, agencies, roll call). The project root is lms/urls.py."""

from django.urls import path

from lms.views import assignments as assignment_views
from lms.views import invitations as invitation_views
from lms.views import join as join_views
from lms.views import notifications as notification_views
from lms.views import past_records as past_records_views
from lms.views import roster as roster_views

app_name = "lms"

urlpatterns: list = []

# Joining, agencies, roster, assignments.
urlpatterns += [
    path("join/", join_views.join_start, name="join_start"),
    path("join/welcome/", join_views.join_welcome, name="join_welcome"),
    path("join/<str:code>/", join_views.join, name="join"),
    path("agencies/", roster_views.agency_list, name="agency_list"),
    path("agencies/<int:agency_id>/", roster_views.roster, name="roster"),
    path("agencies/<int:agency_id>/join-code/", roster_views.join_code, name="join_code"),
    path(
        "agencies/<int:agency_id>/join-code/rotate/",
        roster_views.rotate_join_code,
        name="rotate_join_code",
    ),
    path(
        "agencies/<int:agency_id>/roster/import/",
        roster_views.roster_import,
        name="roster_import",
    ),
    path(
        "agencies/<int:agency_id>/roster/import/confirm/",
        roster_views.roster_import_confirm,
        name="roster_import_confirm",
    ),
    path("past-training/", past_records_views.past_training_start, name="past_training_start"),
    path(
        "past-training/template.csv",
        past_records_views.past_training_template,
        name="past_training_template",
    ),
    path(
        "agencies/<int:agency_id>/past-training/",
        past_records_views.past_training_import,
        name="past_training_import",
    ),
    path(
        "agencies/<int:agency_id>/past-training/confirm/",
        past_records_views.past_training_confirm,
        name="past_training_confirm",
    ),
    path(
        "agencies/<int:agency_id>/assignments/",
        assignment_views.agency_assignments,
        name="agency_assignments",
    ),
    path("assignments/new/", assignment_views.statewide_assignment, name="statewide_assignment"),
    path(
        "memberships/<int:membership_id>/approve/",
        roster_views.membership_approve,
        name="membership_approve",
    ),
    path(
        "memberships/<int:membership_id>/decline/",
        roster_views.membership_decline,
        name="membership_decline",
    ),
    path(
        "memberships/<int:membership_id>/end/", roster_views.membership_end, name="membership_end"
    ),
    path(
        "invitations/<int:invitation_id>/accept/",
        invitation_views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        invitation_views.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        invitation_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "memberships/<int:membership_id>/restore/",
        roster_views.membership_restore,
        name="membership_restore",
    ),
]

# Dashboards, exports, roll-call sessions.
from django.urls import include  # noqa: E402

from lms.views import dashboard as dashboard_views  # noqa: E402
from lms.views import dashboard_agency as agency_dashboard_views  # noqa: E402
from lms.views import dashboard_statewide as statewide_views  # noqa: E402
from lms.views import exports as export_views  # noqa: E402
from lms.views import profile as profile_views  # noqa: E402

urlpatterns += [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("account/profile/", profile_views.profile, name="profile"),
    path(
        "dashboard/agency/<int:agency_id>/",
        agency_dashboard_views.agency_dashboard,
        name="agency_dashboard",
    ),
    path(
        "dashboard/agency/<int:agency_id>/print/",
        agency_dashboard_views.agency_print,
        name="agency_print",
    ),
    path(
        "dashboard/agency/<int:agency_id>/export.csv",
        export_views.agency_export_csv,
        name="agency_export_csv",
    ),
    path(
        "dashboard/agency/<int:agency_id>/export-excel.csv",
        export_views.agency_export_excel_csv,
        name="agency_export_excel_csv",
    ),
    path(
        "dashboard/agency/<int:agency_id>/export.xlsx",
        export_views.agency_export_xlsx,
        name="agency_export_xlsx",
    ),
    path(
        "dashboard/agency/<int:agency_id>/officers/<int:user_id>/",
        agency_dashboard_views.officer_detail,
        name="officer_detail",
    ),
    path(
        "dashboard/agency/<int:agency_id>/officers/<int:user_id>/record/",
        agency_dashboard_views.record_completion_view,
        name="record_completion",
    ),
    path("dashboard/statewide/", statewide_views.statewide_dashboard, name="statewide_dashboard"),
    path(
        "dashboard/statewide/export.csv",
        export_views.statewide_export_csv,
        name="statewide_export_csv",
    ),
    path(
        "dashboard/statewide/export-excel.csv",
        export_views.statewide_export_excel_csv,
        name="statewide_export_excel_csv",
    ),
    path(
        "dashboard/statewide/ledger.csv",
        export_views.ledger_export_csv,
        name="ledger_export_csv",
    ),
    path(
        "dashboard/statewide/ledger-excel.csv",
        export_views.ledger_export_excel_csv,
        name="ledger_export_excel_csv",
    ),
    path("rollcall/", include("lms.rollcall.urls")),
]

# Notifications: the in-app list, preferences, and the e-mails' one-click unsubscribe.
urlpatterns += [
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        notification_views.notification_mark_all_read,
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:notification_id>/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notification_views.notification_mark_read,
        name="notification_read",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path(
        "account/notifications/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
]
