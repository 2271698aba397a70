"""The demo's Wagtail Site answers on the address `make run` serves (SITE_URL)."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Site

from lms.conf import app_settings as lms_settings


def load_site_address(stdout) -> None:
    """Point the default Wagtail Site at SITE_URL, so Wagtail's own absolute links (page
    full URLs, the admin's "view live") agree with the links and QR codes the project prints."""
    address = urlsplit(lms_settings.site_url)
    port = address.port or (443 if address.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=port)
    stdout.write(f"Links and QR codes point to {lms_settings.site_url}/ (SITE_URL)")
