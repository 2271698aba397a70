"""Registers the lms admin views (definitions live in lms/viewsets.py) and the course pages'
finish line (courses.finish asks for it: it reads the to-do list, above courses)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from certificates.finish_line import FinishLine, finish_line_for
from lms.admin_menu import OrsStaffMenuItem
from lms.choosers import person_chooser_viewset
from lms.todo import officer_todo
from lms.viewsets import AgencyViewSet, MembershipViewSet

register_snippet(AgencyViewSet)
register_snippet(MembershipViewSet)


@hooks.register("course_finish_line")
def course_finish_line(*, user, course, standing) -> FinishLine:
    return finish_line_for(
        user=user, course=course, standing=standing, todo=officer_todo(user=user)
    )


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


@hooks.register("register_admin_menu_item")
def register_statewide_dashboard_menu_item():
    return OrsStaffMenuItem(
        _("Statewide dashboard"), reverse("lms:statewide_dashboard"), icon_name="table", order=205
    )


@hooks.register("register_admin_menu_item")
def register_help_requests_menu_item():
    return OrsStaffMenuItem(
        _("Help requests"),
        reverse("wagtailsnippets_cms_technicalassistancerequest:list"),
        icon_name="help",
        order=206,
    )
