"""Idempotent helpers for creating published Wagtail pages from loaders."""

from __future__ import annotations

from wagtail.fields import StreamField
from wagtail.models import Page

from cms.models import HomePage
from courses.models import CourseIndexPage


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


def _without_ids(data):
    """Stream data with block ids dropped, so two saves of the same content compare equal."""
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def _comparable(page: Page, name: str, value):
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        probe = type(page)()
        setattr(probe, name, value)
        return _without_ids(field.stream_block.get_prep_value(getattr(probe, name)))
    return value


def edited_by_a_person(page: Page) -> bool:
    """True once anyone has saved a revision of the page in the admin (loaders save none)."""
    return page.revisions.exclude(user=None).exists()


def ensure_shipped_page(
    *, parent: Page, model: type[Page], slug: str, **fields
) -> tuple[Page, str]:
    """Like ensure_page, and brings a page the loader made up to the shipped content.

    A page nobody has edited in the admin gets the current shipped fields as a new published
    revision (so corrected content reaches existing databases through `load_demo`); a page
    an author has edited is left alone. Returns the page and "created", "updated", "kept" or
    "kept (edited in the admin)".
    """
    page, created = ensure_page(parent=parent, model=model, slug=slug, **fields)
    if created:
        return page, "created"
    changed = {
        name: value
        for name, value in fields.items()
        if _comparable(page, name, getattr(page, name)) != _comparable(page, name, value)
    }
    if not changed:
        return page, "kept"
    if edited_by_a_person(page):
        return page, "kept (edited in the admin)"
    for name, value in changed.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, "updated"


def home_page() -> Page:
    """The site's HomePage. Migrations create it; after a flush (transactional tests, browser
    tests on a live server) the tree is rebuilt here: root, home page and default site."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Site

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


def course_index():
    """The site's course index, created and published under the home page when missing (the
    one builder: the demo loader, the benchmark data and the tests' factories use it)."""
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    index, _ = ensure_page(
        parent=home_page(),
        model=CourseIndexPage,
        slug="courses",
        title="Courses",
        intro="<p>Short courses for roll call and for supervisors.</p>",
    )
    return index
