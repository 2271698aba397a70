"""Rich text from the admin editor is stored without scripts, event handlers or javascript: links."""

from __future__ import annotations

import json

import pytest

from cms.models import HomePage

pytestmark = pytest.mark.django_db

SMUGGLED_HTML = (
    '<p onclick="steal()">Hello<script>alert(1)</script>'
    '<a href="javascript:alert(2)">link</a><img src="x" onerror="alert(3)"/></p>'
)


def _stored_by_the_editor(field_name: str, submitted: str) -> str:
    """What the admin's Draftail widget turns a submission into, as the page form saves it."""
    widget = HomePage._meta.get_field(field_name).formfield().widget
    return widget.value_from_datadict({field_name: submitted}, {}, field_name)


def test_a_javascript_link_typed_in_the_editor_is_stored_without_its_url():
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "text": "click me",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
        },
    }
    stored = _stored_by_the_editor("intro", json.dumps(contentstate))
    assert "javascript:" not in stored
    assert "click" in stored


def test_pasted_html_loses_scripts_and_event_handlers():
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    widget = HomePage._meta.get_field("intro").formfield().widget
    converter = ContentstateConverter(features=widget.features)
    stored = _stored_by_the_editor("intro", converter.from_database_format(SMUGGLED_HTML))
    for dangerous in ("<script", "onclick", "onerror", "javascript:", "<img"):
        assert dangerous not in stored
    assert "Hello" in stored
