"""Idempotent helpers for creating published Wagtail pages from loaders."""

from __future__ import annotations

from wagtail.models import Page


def ensure_page(*, parent: Page, model: type[Page], slug: str, **fields) -> tuple[Page, bool]:
    """The live child of `parent` with `slug`, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, True


def home_page() -> Page:
    """The site's HomePage. Migrations create it; after a flush (transactional tests, browser
    tests on a live server) the tree is rebuilt here: root, home page and default site."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Site

    from cms.models import HomePage

    home = HomePage.objects.order_by("depth", "pk").first()
    if home is not None:
        return home
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(title="Roll Call LMS", slug="home")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home,
                  "site_name": "Roll Call LMS"},
    )  # fmt: skip
    return home
