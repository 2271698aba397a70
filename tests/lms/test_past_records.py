"""One record of training done elsewhere, by hand: any past date up to ten years back, counted
toward status from its own date, no certificate, and marked "recorded, not trained here" on
every page and export that shows it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.issuing import issue_missing_certificates
from certificates.models import Certificate
from lms.access import ORS_STAFF_GROUP
from lms.models import Completion
from lms.records.training_status import TrainingStatus, training_standing
from tests.factories import UserFactory, build_course, make_completion, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]


@pytest.fixture
def setup(client, capital, capital_supervisor):
    officer = make_member(agency=capital, badge_number="311").user
    course = build_course(title="Naloxone Basics", lessons=1, recertification_months=24)
    client.force_login(capital_supervisor)
    return capital, officer, course


def record(client, agency, officer, course, **fields):
    data = {"course": course.pk, "outside_method": "classroom", **fields}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("lms:record_completion", args=[agency.pk, officer.pk]), data)


def years_ago(years: int, *, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) + dt.timedelta(days=days)


def test_a_date_before_the_course_was_published_here_is_accepted_and_counts_as_expired(
    client, setup
):
    agency, officer, course = setup
    response = record(
        client, agency, officer, course, completed_on=years_ago(5).isoformat(), hours="4"
    )
    assert response.status_code == 302
    completion = Completion.objects.get(user=officer)
    assert completion.is_manual and completion.training_minutes == 240
    assert completion.expires_at < timezone.now()  # 24 months from five years ago
    assert training_standing(user=officer, course=course).status == TrainingStatus.EXPIRED
    assert not Certificate.objects.exists()
    assert issue_missing_certificates(render=False) == 0  # the repair does not issue one either

    client.force_login(officer)
    history = client.get(reverse("lms:dashboard")).content.decode()
    assert "Recorded, not trained here" in history
    assert "No current certificates yet." in history  # nothing under "Done" to download


def test_ten_years_back_is_the_limit_and_the_future_is_refused(client, setup):
    agency, officer, course = setup
    too_old = record(client, agency, officer, course, completed_on=years_ago(10, days=-1))
    assert too_old.status_code == 400
    assert "cannot be more than 10 years ago" in too_old.content.decode()
    future = record(
        client,
        agency,
        officer,
        course,
        completed_on=(timezone.localdate() + dt.timedelta(days=1)).isoformat(),
    )
    assert "cannot be in the future" in future.content.decode()
    assert not Completion.objects.exists()
    assert record(client, agency, officer, course, completed_on=years_ago(10)).status_code == 302


def test_the_same_course_on_the_same_day_is_not_recorded_twice(client, setup):
    agency, officer, course = setup
    day = years_ago(1).isoformat()
    assert record(client, agency, officer, course, completed_on=day).status_code == 302
    again = record(client, agency, officer, course, completed_on=day, outside_method="other")
    assert again.status_code == 400
    assert "already has a record of this course on this date" in again.content.decode()
    assert Completion.objects.count() == 1


def test_method_must_come_from_the_list_and_hours_from_0_to_40(client, setup):
    agency, officer, course = setup
    response = record(
        client,
        agency,
        officer,
        course,
        completed_on=years_ago(1).isoformat(),
        outside_method="webinar",
        hours="41",
        note="x" * 501,
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in html
    assert "less than or equal to 40" in html
    assert "at most 500 characters" in html
    assert not Completion.objects.exists()


def test_exports_and_the_statewide_ledger_mark_the_record(client, setup):
    agency, officer, course = setup
    record(client, agency, officer, course, completed_on=years_ago(1).isoformat())
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("lms:agency_export_xlsx", args=[agency.pk])).streaming_content
            )
        )
    )
    header, *rows = workbook.active.iter_rows(values_only=True)
    column = header.index("Recorded, not trained here")
    marks = {row[header.index("E-mail")]: row[column] for row in rows}
    assert marks[officer.email] == "yes"
    assert not any(mark for email, mark in marks.items() if email != officer.email)

    ors = UserFactory()
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(ors)
    response = client.get(reverse("lms:ledger_export_csv"))
    ledger = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["Recorded, not trained here"], r["Method elsewhere"]) for r in ledger] == [
        ("yes", "classroom")
    ]


def test_another_agencys_past_record_is_not_marked_to_the_new_agency(
    client, capital, river, capital_supervisor
):
    """Like any other agency's method, the marker of a record made in River stays River's."""
    course = build_course(title="Naloxone Basics", lessons=1, recertification_months=24)
    officer = make_member(agency=river).user
    make_completion(
        user=officer, course=course, method=Completion.Method.MANUAL, days_ago=30, agency=river
    )
    officer.memberships.update(status="ended")
    make_member(agency=capital, user=officer)
    client.force_login(capital_supervisor)
    page = client.get(reverse("lms:officer_detail", args=[capital.pk, officer.pk]))
    assert "not trained here" not in page.content.decode()
    response = client.get(reverse("lms:agency_export_csv", args=[capital.pk]))
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    mine = [row for row in rows if officer.email in row]
    assert mine and all(row[header.index("Recorded, not trained here")] == "" for row in mine)


def test_training_here_after_a_past_record_starts_a_cycle_and_earns_a_certificate(client, setup):
    agency, officer, course = setup
    record(client, agency, officer, course, completed_on=years_ago(0, days=-30).isoformat())
    with TestCase.captureOnCommitCallbacks(execute=True):
        here = make_completion(user=officer, course=course, attempt_id=99)
    assert here.kind == Completion.Kind.CERTIFYING
    assert here.expires_at > Completion.objects.get(method="manual").expires_at
    assert Certificate.objects.filter(completion=here).exists()
