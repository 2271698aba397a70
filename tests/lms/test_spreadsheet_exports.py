"""Exports open right where supervisors open them: Excel (with and without the BOM), other
spreadsheet programs and scripts. Read back the way those programs read them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from lms.access import ORS_STAFF_GROUP
from lms.spreadsheet_exports import UTF8_BOM
from tests.factories import UserFactory, build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db

RLO, PDI = "\u202e", "\u2069"


@pytest.fixture
def exported_agency():
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor", badge_number="S1").user
    course = build_course(title="Naloxone basics", recertification_months=24, lessons=1)
    accented = UserFactory(last_name="Alvarez-Nguyên", first_name="Zoë")
    formula = UserFactory(last_name="+1+1", first_name=f"{RLO}nhoJ{PDI}")
    for number, user in enumerate((accented, formula), start=1):
        make_member(agency=agency, user=user, badge_number=f"00{number}", unit="Days")
        make_completion(user=user, course=course, days_ago=10)
    return agency, supervisor, course


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_for_excel_starts_with_the_byte_order_mark_and_reads_accents_right(
    client, exported_agency
):
    agency, supervisor, _ = exported_agency
    client.force_login(supervisor)
    body = _body(client.get(f"/dashboard/agency/{agency.pk}/export-excel.csv"))
    assert body.startswith(UTF8_BOM.encode())
    # Excel takes the BOM as "this is UTF-8"; utf-8-sig is how Python reads such a file.
    names = {row["Last name"] for row in _rows(body.decode("utf-8-sig"))}
    assert "Alvarez-Nguyên" in names


def test_the_plain_csv_has_no_byte_order_mark(client, exported_agency):
    agency, supervisor, _ = exported_agency
    client.force_login(supervisor)
    body = _body(client.get(f"/dashboard/agency/{agency.pk}/export.csv"))
    assert body.startswith(b"Agency,Last name,")
    assert "Alvarez-Nguyên" in body.decode("utf-8")


def test_the_csv_keeps_the_formula_guard_and_drops_direction_overrides(client, exported_agency):
    agency, supervisor, _ = exported_agency
    client.force_login(supervisor)
    rows = _rows(_body(client.get(f"/dashboard/agency/{agency.pk}/export.csv")).decode())
    guarded = next(row for row in rows if row["Last name"].endswith("+1+1"))
    assert guarded["Last name"] == "'+1+1"
    assert guarded["First name"] == "nhoJ"
    assert guarded["Last completed"] == (timezone.localdate() - dt.timedelta(days=10)).isoformat()


@pytest.fixture(autouse=True)
def _mfa_not_enforced(settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests


def test_the_xlsx_has_real_dates_and_numbers_and_text_without_the_apostrophe(
    client, exported_agency
):
    agency, supervisor, _ = exported_agency
    client.force_login(supervisor)
    response = client.get(f"/dashboard/agency/{agency.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(_body(response))).active
    header = [cell.value for cell in sheet[1]]
    column = {name: index for index, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2))
    formula_row = next(row for row in rows if row[column["Last name"]].value == "+1+1")

    last_name = formula_row[column["Last name"]]
    assert last_name.data_type == "s"  # a text cell: Excel shows it, never runs it
    assert formula_row[column["First name"]].value == "nhoJ"
    completed = formula_row[column["Last completed"]]
    assert completed.is_date
    assert completed.value.date() == timezone.localdate() - dt.timedelta(days=10)
    assert completed.number_format == "yyyy-mm-dd"
    assert formula_row[column["Valid until"]].is_date
    minutes = formula_row[column["Training minutes"]]
    assert minutes.data_type == "n"
    assert isinstance(minutes.value, int)


def test_the_xlsx_has_fitting_columns_a_frozen_header_and_a_filter(client, exported_agency):
    agency, supervisor, _ = exported_agency
    client.force_login(supervisor)
    sheet = load_workbook(
        io.BytesIO(_body(client.get(f"/dashboard/agency/{agency.pk}/export.xlsx")))
    ).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" + str(
        sheet.max_row
    )
    assert all(cell.font.bold for cell in sheet[1])
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Agency"] >= len("Capital City Police Department")
    assert widths["Badge"] < widths["Agency"]
    assert widths["Last completed"] >= len("2026-01-01")
    assert all(6 <= width <= 50 for width in widths.values())


def test_file_names_carry_the_agency_the_filter_and_the_date(client, exported_agency):
    agency, supervisor, course = exported_agency
    client.force_login(supervisor)
    today = timezone.localdate().isoformat()
    plain = client.get(f"/dashboard/agency/{agency.pk}/export.csv")
    assert (
        f'filename="training-capital-city-police-department-all-{today}.csv"'
        in plain["Content-Disposition"]
    )
    filtered = client.get(
        f"/dashboard/agency/{agency.pk}/export.xlsx?status=complete&unit=Days&course={course.pk}"
    )
    assert (
        f"training-capital-city-police-department-complete-naloxone-basics-days-{today}.xlsx"
        in filtered["Content-Disposition"]
    )


def test_the_ledger_drops_direction_overrides_and_has_an_excel_variant(client, exported_agency):
    ors = UserFactory()
    ors.groups.add(Group.objects.get_or_create(name=ORS_STAFF_GROUP)[0])
    client.force_login(ors)
    plain = _body(client.get("/dashboard/statewide/ledger.csv")).decode()
    assert RLO not in plain and PDI not in plain
    assert "nhoJ" in plain
    excel = _body(client.get("/dashboard/statewide/ledger-excel.csv"))
    assert excel.startswith(UTF8_BOM.encode())
    assert excel.decode("utf-8-sig") == plain
