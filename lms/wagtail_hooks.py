"""Registers the lms admin views (definitions live in lms/viewsets.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from lms.choosers import person_chooser_viewset
from lms.viewsets import AgencyViewSet, MembershipViewSet

register_snippet(AgencyViewSet)
register_snippet(MembershipViewSet)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset
