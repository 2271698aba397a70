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
    from cms.models import HomePage

    home = HomePage.objects.order_by("depth", "pk").first()
    if home is None:
        raise RuntimeError("No cms.HomePage: run migrations first (cms 0002 creates it).")
    return home
