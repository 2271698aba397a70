"""Registers the certificates admin: viewsets, ORS actions, and warnings about missing images."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from certificates import admin_views
from certificates.models import Certificate, CertificateTemplate
from certificates.viewsets import CertificatePermissionPolicy, CertificatesGroup
from lms.access import is_ors_staff

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))
register_snippet(CertificatesGroup)


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [
        path(
            "certificates/<int:pk>/revoke/",
            admin_views.revoke_view,
            name="certificates_revoke",
        ),
        path(
            "certificates/<int:pk>/regenerate/",
            admin_views.regenerate_view,
            name="certificates_regenerate",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Certificate) or not is_ors_staff(user):
        return []
    buttons = [
        ListingButton(
            "Regenerate PDF",
            reverse("certificates_regenerate", args=[snippet.pk]),
            priority=20,
        )
    ]
    if snippet.status != Certificate.Status.REVOKED:
        buttons.append(
            ListingButton("Revoke", reverse("certificates_revoke", args=[snippet.pk]), priority=30)
        )
    return buttons


def _warn_missing_images(request, instance):
    if isinstance(instance, CertificateTemplate) and instance.missing_images():
        messages.warning(
            request,
            "This design has no "
            + " and no ".join(instance.missing_images())
            + ": certificates will print without it until one is chosen.",
        )


@hooks.register("after_create_snippet")
def warn_after_create(request, instance):
    _warn_missing_images(request, instance)


@hooks.register("after_edit_snippet")
def warn_after_edit(request, instance):
    _warn_missing_images(request, instance)
