from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cms.demo.toolkit import MODEL_SOP_VERSION, load_toolkit
from cms.models import FamilyInsert, NaloxoneSupplier, SupplierCounty, ToolkitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def toolkit(db):
    load_toolkit(io.StringIO())


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_toolkit_index_lists_the_four_resource_pages(client, toolkit):
    page = client.get("/toolkit/").content.decode()
    for title in (
        "Program benefits",
        "Obtaining naloxone at no cost",
        "Model SOP: leave-behind naloxone",
        "Sample roll-call script",
    ):
        assert title in page


def test_obtaining_page_names_the_registration_form_and_address(client, toolkit):
    page = client.get("/toolkit/obtaining-naloxone/").content.decode()
    assert "DOH-4391" in page
    assert "overdose@health.ny.gov" in page
    assert "clinical director" in page


def test_benefits_page_does_not_claim_a_proven_mortality_effect(client, toolkit):
    page = client.get("/toolkit/program-benefits/").content.decode()
    assert "11,557" in page
    assert "no published study showing that police leave-behind programs lower" in page


def test_model_sop_is_downloadable_as_a_versioned_pdf(client, toolkit):
    response = client.get("/toolkit/model-sop/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _, text = pdf_text(response.content)
    assert "Model SOP" in text
    assert f"v{MODEL_SOP_VERSION}" in text


def test_non_printable_toolkit_page_has_no_pdf(client, toolkit):
    assert client.get("/toolkit/program-benefits/pdf/").status_code == 404


def test_roll_call_script_says_the_ors_sample_was_not_available(client, toolkit):
    page = client.get("/toolkit/roll-call-script/").content.decode()
    assert "could not obtain" in page


def test_directory_filters_by_county_and_includes_statewide_suppliers(client, toolkit):
    page = client.get("/naloxone-suppliers/", {"county": "Dutchess"}).content.decode()
    assert "Hudson Valley Overdose Prevention Network (fictional)" in page
    assert "Statewide Naloxone Partners (fictional)" in page
    assert "Northern Tier Recovery Alliance (fictional)" not in page
    assert 'value="Dutchess" selected' in page


def test_directory_without_a_county_lists_every_listed_supplier(client, toolkit):
    NaloxoneSupplier.objects.filter(organisation__startswith="Northern").update(is_listed=False)
    page = client.get("/naloxone-suppliers/").content.decode()
    assert "Example County Harm Reduction Program (fictional)" in page
    assert "Northern Tier" not in page


def test_directory_with_an_unknown_county_says_so_and_shows_all(client, toolkit):
    page = client.get("/naloxone-suppliers/", {"county": "<script>"}).content.decode()
    assert "We did not recognise that county" in page
    assert "<script>" not in page.split("<main")[1]


def test_directory_county_with_no_local_supplier_still_shows_statewide_one(client, toolkit):
    page = client.get("/naloxone-suppliers/", {"county": "Yates"}).content.decode()
    assert "Statewide Naloxone Partners (fictional)" in page
    assert "Example County Harm Reduction" not in page


def test_demo_suppliers_are_clearly_fictional(toolkit):
    for supplier in NaloxoneSupplier.objects.all():
        assert "(fictional)" in supplier.organisation
        assert "555" in supplier.phone
        assert supplier.email.endswith(".example.org")
    assert SupplierCounty.objects.filter(county="Albany").count() == 2


def test_family_insert_current_version_and_old_version_links_to_it(client, toolkit):
    response = client.get("/family-insert/en/")
    assert response.status_code == 302
    assert response["Location"] == "/family-insert/en/2026.2/"
    current = client.get("/family-insert/en/2026.2/").content.decode()
    assert "older version" not in current
    for version in ("2025.1", "2026.1"):
        old = client.get(f"/family-insert/en/{version}/").content.decode()
        assert "It has been replaced by" in old
        assert 'href="/family-insert/en/2026.2/"' in old


def test_family_insert_facts_spot_check(toolkit):
    english = FamilyInsert.current("en").body
    assert "Start CPR" in english and "AED" in english
    assert "every 2 to 3 minutes" in english
    assert "30 to 90 minutes" in english
    assert "§220.78" in english
    assert "selling drugs" in english
    assert "without a prescription" in english and "xylazine" in english
    spanish = FamilyInsert.current("es").body
    assert "Empiece la RCP" in spanish and "DEA" in spanish
    assert "cada 2 a 3 minutos" in spanish
    assert "sin receta" in spanish and "xilacina" in spanish


@pytest.mark.parametrize("language", ["en", "es"])
def test_family_insert_pdf_is_one_half_letter_page(client, toolkit, language):
    version = FamilyInsert.current(language).version
    response = client.get(f"/family-insert/{language}/{version}/pdf/")
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (396, 612)
    assert "911" in text


def test_unknown_family_insert_version_is_404(client, toolkit):
    assert client.get("/family-insert/en/1999.9/").status_code == 404
    assert client.get("/family-insert/fr/").status_code == 404


def test_loading_the_toolkit_twice_changes_nothing(toolkit):
    counts = (ToolkitPage.objects.count(), NaloxoneSupplier.objects.count(),
              SupplierCounty.objects.count(), FamilyInsert.objects.count())  # fmt: skip
    load_toolkit(io.StringIO())
    assert counts == (ToolkitPage.objects.count(), NaloxoneSupplier.objects.count(),
                      SupplierCounty.objects.count(), FamilyInsert.objects.count())  # fmt: skip


def test_roll_call_script_prints_as_pdf(client, toolkit):
    response = client.get("/toolkit/roll-call-script/pdf/")
    assert response.status_code == 200
    _, text = pdf_text(response.content)
    assert "Sample roll-call script" in text


def test_ors_survey_is_a_form_builder_page_that_stores_answers(client, toolkit):
    from wagtail.contrib.forms.models import FormSubmission

    url = "/toolkit/roll-call-feedback/"
    page = client.get(url).content.decode()
    assert "How useful was the roll-call training?" in page
    response = client.post(
        url,
        {
            "your_agency": "Example Village PD",
            "how_useful_was_the_roll_call_training": "Very useful",
            "what_should_we_add_or_change": "More kit practice.",
        },
    )
    assert response.status_code == 200
    assert "The ORS team reads every answer" in response.content.decode()
    assert FormSubmission.objects.count() == 1


def test_ors_survey_missing_answer_is_explained(client, toolkit):
    from wagtail.contrib.forms.models import FormSubmission

    response = client.post("/toolkit/roll-call-feedback/", {"your_agency": ""})
    assert "This field is required." in response.content.decode()
    assert FormSubmission.objects.count() == 0
