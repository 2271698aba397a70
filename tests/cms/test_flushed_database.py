from __future__ import annotations

import io

import pytest

from cms.demo.roll_call_course import load_roll_call_course
from cms.demo.toolkit import load_toolkit


@pytest.mark.django_db(transaction=True)
def test_loaders_rebuild_the_page_tree_after_a_flush(client):
    """Browser tests run on a flushed database, where migrations' home page is gone."""
    out = io.StringIO()
    load_toolkit(out)
    load_roll_call_course(out)
    assert client.get("/toolkit/").status_code == 200
    assert client.get("/naloxone-suppliers/").status_code == 200
