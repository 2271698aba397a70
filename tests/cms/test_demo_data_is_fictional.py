"""Demo data cannot pass for real, and the public pages promise nothing ORS has not set."""

from __future__ import annotations

import io
import re

import pytest

from cms.demo.toolkit import load_suppliers
from cms.models import NaloxoneSupplier
from courses.blocks import CalloutBlock

pytestmark = pytest.mark.django_db


def test_demo_supplier_numbers_use_the_fictitious_555_01xx_range_in_a_geographic_area_code():
    load_suppliers()
    for phone in NaloxoneSupplier.objects.values_list("phone", flat=True):
        assert re.fullmatch(r"(518|845)-555-01\d\d", phone), phone


def test_the_first_release_toll_free_demo_number_is_corrected_on_the_next_load():
    load_suppliers()
    NaloxoneSupplier.objects.filter(phone="518-555-0100").update(phone="800-555-0100")
    load_suppliers()
    assert not NaloxoneSupplier.objects.filter(phone__startswith="800").exists()


def test_the_registration_page_promises_no_response_time_by_default(client):
    html = client.get("/register-program/").content.decode()
    assert "We review every registration and contact you." in html
    assert "working days" not in html


def test_the_registration_page_shows_the_response_time_ors_has_set(client, settings):
    settings.ROLLCALL_REGISTRATION_RESPONSE_TIME = "within five working days"
    html = client.get("/register-program/").content.decode()
    assert "We review every registration and contact you, within five working days." in html


def test_the_callout_preview_names_the_good_samaritan_law_correctly():
    preview = CalloutBlock().meta.preview_value
    assert preview["title"] == "Good Samaritan law"
    assert "220.78" in preview["body"] and "3309" not in preview["body"]


def test_the_demo_certificate_seal_says_sample():
    from certificates.demo import load_certificate_design

    design = load_certificate_design(io.StringIO())
    assert "SAMPLE" in design.logo.title
    assert "demo" in design.signatory_title
