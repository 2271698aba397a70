"""Walks Django's URL configuration, so security tests cover new routes without a list."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def walk_urlpatterns(
    patterns=None, namespaces: tuple[str, ...] = (), prefix: str = ""
) -> Iterator[tuple[tuple[str, ...], str, URLPattern]]:
    """(namespaces, full pattern string, pattern) for every route, includes followed."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk_urlpatterns(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield namespaces, prefix + str(entry.pattern), entry
