"""Importing past training: every row checked in the preview, nothing written unless all new
rows are good, duplicates skipped, agency isolation, and the records marked "recorded, not
trained here" with no certificate."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from certificates.models import Certificate
from lms.access import ORS_STAFF_GROUP
from lms.models import Completion, Membership
from lms.records.training_status import TrainingStatus, training_standing
from tests.factories import UserFactory, build_course, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
HEADER = ["e-mail", "badge", "course", "date", "method", "hours", "note"]


@pytest.fixture
def world(capital, river, capital_supervisor):
    ana = make_member(
        agency=capital,
        badge_number="311",
        user=UserFactory(email="ana.ortiz@capital-city-pd.example.org", first_name="Ana"),
    ).user
    ben = make_member(
        agency=capital,
        badge_number="312",
        user=UserFactory(email="ben.okafor@capital-city-pd.example.org", first_name="Ben"),
    ).user
    stranger = make_member(
        agency=river, user=UserFactory(email="dee@river-county-so.example.org")
    ).user
    course = build_course(
        title="Naloxone Basics",
        slug="naloxone-basics",
        lessons=1,
        recertification_months=24,
        issues_certificate=True,
    )
    return {"ana": ana, "ben": ben, "stranger": stranger, "course": course}


def days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def csv_bytes(*rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client, agency, content: bytes, name: str = "past.csv"):
    return client.post(
        reverse("lms:past_training_import", kwargs={"agency_id": agency.pk}),
        {"records": SimpleUploadedFile(name, content)},
    )


def signed_rows(response) -> str:
    match = re.search(r'name="rows" value="([^"]+)"', response.content.decode())
    assert match, "the preview offers no confirmation"
    return match.group(1)


def confirm(client, agency, preview):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("lms:past_training_confirm", kwargs={"agency_id": agency.pk}),
            {"rows": signed_rows(preview)},
        )


@pytest.fixture
def sarge(client, capital_supervisor):
    client.force_login(capital_supervisor)
    return client


def test_preview_then_confirm_records_every_row_marked_not_trained_here(sarge, capital, world):
    content = csv_bytes(
        ["ANA.ORTIZ@capital-city-pd.example.org", "", "naloxone basics", days_ago(3 * 365),
         "Classroom", "1.5", "County academy"],
        ["", "312", "naloxone-basics", "5/13/2024", "roll call elsewhere", "", ""],
    )  # fmt: skip
    preview = upload(sarge, capital, content)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "2 records ready" in html
    assert not Completion.objects.exists()  # the preview writes nothing

    response = confirm(sarge, capital, preview)
    assert response.status_code == 302
    follow = sarge.get(response["Location"]).content.decode()
    assert "Recorded 2 past training records" in follow
    records = {c.user: c for c in Completion.objects.all()}
    ana = records[world["ana"]]
    assert ana.is_manual and ana.outside_method == "classroom"
    assert ana.training_minutes == 90
    assert ana.note == "County academy"
    assert ana.agency == capital and ana.recorded_by_name
    assert ana.content_versions == {} and ana.course_revision is None
    assert records[world["ben"]].completed_at.date() == dt.date(2024, 5, 13)
    assert records[world["ben"]].training_minutes == 0  # no hours given, none counted
    # We did not train them: no certificate, so /verify/ has nothing to show.
    assert not Certificate.objects.exists()
    # Counted like any completion, expiring from its own date: three years ago is expired.
    standing = training_standing(user=world["ana"], course=world["course"])
    assert standing.status == TrainingStatus.EXPIRED

    page = sarge.get(
        reverse("lms:officer_detail", args=[capital.pk, world["ana"].pk])
    ).content.decode()
    assert "Recorded, not trained here" in page and "Classroom" in page


def test_importing_the_same_file_again_writes_nothing_new(sarge, capital, world):
    row = ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(400),
           "other", "2", ""]  # fmt: skip
    confirm(sarge, capital, upload(sarge, capital, csv_bytes(row)))
    assert Completion.objects.count() == 1

    again = upload(sarge, capital, csv_bytes(row))
    html = again.content.decode()
    assert again.status_code == 200
    assert "Already recorded for this person, course and date: skipped." in html
    assert "nothing new to record" in html
    assert 'name="rows"' not in html

    newer = ["ben.okafor@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(10),
             "classroom", "", ""]  # fmt: skip
    mixed = upload(sarge, capital, csv_bytes(row, newer, newer))
    mixed_html = mixed.content.decode()
    assert "Same person, course and date as row 3: skipped." in mixed_html
    response = confirm(sarge, capital, mixed)
    assert Completion.objects.count() == 2
    assert "2 duplicates skipped" in sarge.get(response["Location"]).content.decode()


def test_a_record_entered_by_hand_is_a_duplicate_for_the_import(sarge, capital, world):
    response = sarge.post(
        reverse("lms:record_completion", args=[capital.pk, world["ana"].pk]),
        {"course": world["course"].pk, "completed_on": days_ago(30), "outside_method": "other"},
    )
    assert response.status_code == 302
    row = ["", "311", "Naloxone Basics", days_ago(30), "classroom", "", ""]
    html = upload(sarge, capital, csv_bytes(row)).content.decode()
    assert "Already recorded" in html


def test_one_bad_row_means_nothing_is_written(sarge, capital, world):
    good = ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(5),
            "classroom", "", ""]  # fmt: skip
    bad = ["ben.okafor@capital-city-pd.example.org", "", "Tourniquets", days_ago(5),
           "classroom", "", ""]  # fmt: skip
    response = upload(sarge, capital, csv_bytes(good, bad))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was recorded" in html
    assert "No published course is called “Tourniquets”" in html
    assert 'name="rows"' not in html
    assert not Completion.objects.exists()


def test_another_agencys_officer_reads_exactly_like_an_unknown_address(sarge, capital, world):
    response = upload(
        sarge,
        capital,
        csv_bytes(
            [
                "dee@river-county-so.example.org",
                "",
                "Naloxone Basics",
                days_ago(5),
                "other",
                "",
                "",
            ],
            ["nobody@example.org", "", "Naloxone Basics", days_ago(5), "other", "", ""],
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    name = "Capital City Police Department"
    assert f"No active member of {name} has the e-mail “dee@river-county-so.example.org”." in html
    assert f"No active member of {name} has the e-mail “nobody@example.org”." in html
    assert "River County" not in html.replace("river-county-so.example.org", "")
    assert not Completion.objects.exists()


def test_dates_must_be_past_and_within_ten_years(sarge, capital, world):
    today = timezone.localdate()
    eleven_years = today.replace(year=today.year - 11).isoformat()
    ten_years = today.replace(year=today.year - 10).isoformat()
    email = "ana.ortiz@capital-city-pd.example.org"
    response = upload(
        sarge,
        capital,
        csv_bytes(
            [email, "", "Naloxone Basics", days_ago(-1), "classroom", "", ""],
            [email, "", "Naloxone Basics", eleven_years, "classroom", "", ""],
            [email, "", "Naloxone Basics", "13/05/2024", "classroom", "", ""],
            [email, "", "Naloxone Basics", ten_years, "classroom", "", ""],
        ),
    )
    html = response.content.decode()
    assert "The date cannot be in the future." in html
    assert "The date cannot be more than 10 years ago" in html
    assert "“13/05/2024” is not a date" in html
    assert html.count("roster-row--problem") == 3  # ten years back to the day is allowed
    assert not Completion.objects.exists()


def test_method_hours_and_note_are_checked(sarge, capital, world):
    email = "ana.ortiz@capital-city-pd.example.org"
    response = upload(
        sarge,
        capital,
        csv_bytes(
            [email, "", "Naloxone Basics", days_ago(1), "webinar", "", ""],
            [email, "", "Naloxone Basics", days_ago(2), "", "41", ""],
            [email, "", "Naloxone Basics", days_ago(3), "other", "two", "x" * 501],
        ),
    )
    html = response.content.decode()
    assert "Unknown method “webinar”" in html
    assert "The method is missing" in html
    assert "Hours must be between 0 and 40." in html
    assert "The hours “two” are not a number." in html
    assert "The note is longer than 500 characters." in html


def test_an_xlsx_with_date_and_number_cells_imports(sarge, capital, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Badge", "Course", "Date completed", "Method", "Hours", "Note"])
    sheet.append([None, 311, "NALOXONE BASICS", dt.datetime(2023, 2, 1), "Online elsewhere", 3,
                  "State portal"])  # fmt: skip
    data = io.BytesIO()
    workbook.save(data)
    preview = upload(sarge, capital, data.getvalue(), name="past.xlsx")
    assert preview.status_code == 200, preview.content.decode()
    confirm(sarge, capital, preview)
    record = Completion.objects.get()
    assert record.user == world["ana"] and record.training_minutes == 180
    assert timezone.localdate(record.completed_at) == dt.date(2023, 2, 1)


def test_a_damaged_xlsx_is_refused_in_words(sarge, capital, world):
    response = upload(sarge, capital, b"PK\x03\x04 not really a workbook", name="past.xlsx")
    assert response.status_code == 400
    assert "This is not a readable .xlsx spreadsheet" in response.content.decode()


def test_upload_size_and_row_limits_are_explained(sarge, capital, world, settings):
    row = ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(1), "other"]
    settings.ROLLCALL_PAST_RECORDS_MAX_ROWS = 2
    many = upload(sarge, capital, csv_bytes(row, row, row)).content.decode()
    assert "at most 2 can be imported at once" in many
    settings.ROLLCALL_PAST_RECORDS_MAX_BYTES = 100
    large = upload(sarge, capital, csv_bytes(*[row] * 5)).content.decode()
    assert "The file is too large" in large


def test_the_confirmation_checks_again_and_writes_nothing_when_a_member_left(sarge, capital, world):
    rows = [
        ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(9), "other"],
        ["ben.okafor@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(9), "other"],
    ]
    preview = upload(sarge, capital, csv_bytes(*rows))
    Membership.objects.filter(user=world["ben"]).update(status=Membership.Status.ENDED)
    response = confirm(sarge, capital, preview)
    assert response.status_code == 400
    assert "No active member of Capital City Police Department" in response.content.decode()
    assert not Completion.objects.exists()


def test_supervisors_import_only_for_their_own_agency(
    client, capital, river, world, river_supervisor
):
    client.force_login(river_supervisor)
    assert client.get(reverse("lms:past_training_import", args=[capital.pk])).status_code == 404
    row = ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(2), "other"]
    assert upload(client, capital, csv_bytes(row)).status_code == 404
    # /past-training/ leads a supervisor of one agency straight to it.
    start = client.get(reverse("lms:past_training_start"))
    assert start["Location"] == reverse("lms:past_training_import", args=[river.pk])
    assert not Completion.objects.exists()


def test_a_preview_signed_for_one_agency_cannot_be_confirmed_for_another(
    client, capital, river, world
):
    ors = UserFactory()
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(ors)
    row = ["ana.ortiz@capital-city-pd.example.org", "", "Naloxone Basics", days_ago(2), "other"]
    preview = upload(client, capital, csv_bytes(row))
    response = client.post(
        reverse("lms:past_training_confirm", args=[river.pk]), {"rows": signed_rows(preview)}
    )
    assert response.status_code == 302
    assert "expired or was changed" in client.get(response["Location"]).content.decode()
    assert not Completion.objects.exists()


def test_ors_chooses_the_agency_then_imports_for_it(client, capital, world):
    ors = UserFactory()
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(ors)
    chooser = client.get(reverse("lms:past_training_start"))
    assert (
        chooser.status_code == 200 and "Capital City Police Department" in chooser.content.decode()
    )
    chosen = client.get(reverse("lms:past_training_start"), {"agency": capital.pk})
    assert chosen["Location"] == reverse("lms:past_training_import", args=[capital.pk])
    page = client.get(chosen["Location"]).content.decode()
    assert "You are importing for <strong>Capital City Police Department</strong>" in page
    row = ["", "311", "Naloxone Basics", days_ago(2), "classroom"]
    confirm(client, capital, upload(client, capital, csv_bytes(row)))
    record = Completion.objects.get()
    assert record.agency == capital and record.recorded_by == ors


def test_officers_have_no_import(client, world):
    client.force_login(world["ana"])
    assert client.get(reverse("lms:past_training_start")).status_code == 404
    assert client.get(reverse("lms:past_training_template")).status_code == 404


def test_the_template_lists_the_columns(sarge):
    response = sarge.get(reverse("lms:past_training_template"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.strip() == "email,badge,course,date,method,hours,note"
    assert "past-training-template.csv" in response["Content-Disposition"]
