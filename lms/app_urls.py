"""URLs of the lms app (dashboards, agencies, roll call). The project root is lms/urls.py."""

from django.urls import path

from lms.views import assignments as assignment_views
from lms.views import join as join_views
from lms.views import roster as roster_views

app_name = "lms"

urlpatterns: list = []

# H3: joining, agencies, roster, assignments.
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
]
