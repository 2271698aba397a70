"""URLs of the lms app (dashboards, agencies, roll call). The project root is lms/urls.py."""

from django.urls import path  # noqa: F401

app_name = "lms"

urlpatterns: list = []
