"""Registers the lms admin views (definitions live in lms/viewsets.py)."""

from wagtail.snippets.models import register_snippet

from lms.viewsets import AgencyViewSet

register_snippet(AgencyViewSet)
