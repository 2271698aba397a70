"""Small readers shared by tests (builders are in tests/factories.py, fixtures in conftest.py)."""

from __future__ import annotations

from django.test import Client

from courses.models import LessonPage


def lessons_of(course) -> list[LessonPage]:
    """The course's lessons, drafts included, in their order in the page tree."""
    return list(LessonPage.objects.child_of(course).order_by("path"))


def signed_in_client(user) -> Client:
    """A new client signed in as `user`, for tests that need several people at once."""
    client = Client()
    client.force_login(user)
    return client
