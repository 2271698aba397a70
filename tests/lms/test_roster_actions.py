"""Roster actions a supervisor takes: ending a membership asks first and can be undone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lms.models import Assignment, Membership
from tests.factories import build_course, make_completion, make_member

pytestmark = pytest.mark.django_db


def end_url(membership):
    return reverse("lms:membership_end", kwargs={"membership_id": membership.pk})


def restore_url(membership):
    return reverse("lms:membership_restore", kwargs={"membership_id": membership.pk})


def test_left_the_agency_asks_for_confirmation_before_anything_changes(
    client, capital, capital_supervisor
):
    membership = make_member(agency=capital, user=None)
    client.force_login(capital_supervisor)
    roster = client.get(reverse("lms:roster", kwargs={"agency_id": capital.pk})).content.decode()
    assert f'href="{end_url(membership)}"' in roster
    page = client.get(end_url(membership))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Has {membership.user.get_full_name()} left" in html
    assert "undo this from the roster for 30 days" in html
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_an_ended_membership_can_be_undone_within_30_days_and_records_stay(
    client, capital, capital_supervisor
):
    course = build_course(lessons=1)
    membership = make_member(agency=capital)
    completion = make_completion(user=membership.user, course=course, agency=capital)
    client.force_login(capital_supervisor)
    response = client.post(end_url(membership), follow=True)
    assert "you can undo this from the roster for 30 days" in response.content.decode()
    assert "Left in the last 30 days" in response.content.decode()

    response = client.post(restore_url(membership), follow=True)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.ended_on is None
    assert "is a member of" in response.content.decode()
    completion.refresh_from_db()
    assert completion.agency == capital


def test_an_ending_older_than_30_days_cannot_be_undone(client, capital, capital_supervisor):
    membership = make_member(agency=capital, started_on=timezone.localdate() - timedelta(days=400))
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.ENDED, ended_on=timezone.localdate() - timedelta(days=31)
    )
    client.force_login(capital_supervisor)
    response = client.post(restore_url(membership), follow=True)
    assert "Only a membership ended in the last 30 days can be restored." in (
        response.content.decode()
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED


def test_another_agencys_supervisor_cannot_undo_an_ending(
    client, capital, capital_supervisor, river_supervisor
):
    membership = make_member(agency=capital)
    client.force_login(capital_supervisor)
    client.post(end_url(membership))
    client.force_login(river_supervisor)
    assert client.post(restore_url(membership)).status_code == 404
    assert client.get(end_url(membership)).status_code == 404


def assign(client, agency, course, due, **extra):
    return client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": agency.pk}),
        {"course": course.pk, "due_on": due.isoformat(), **extra},
        follow=True,
    )


def test_the_assign_page_says_how_many_were_newly_and_already_assigned_and_each_status(
    client, capital, capital_supervisor
):
    course = build_course(lessons=1, recertification_months=12, title="Naloxone Basics")
    first = make_member(agency=capital).user
    make_completion(user=first, course=course, days_ago=10)
    client.force_login(capital_supervisor)
    due = timezone.localdate() + timedelta(days=14)
    assign(client, capital, course, due, officers=[str(first.pk)])
    make_member(agency=capital)
    html = assign(client, capital, course, due).content.decode()
    # The supervisor and the newcomer are new; the first officer already had it.
    assert "2 newly assigned, 1 already assigned." in html
    assert "Current, until" in html
    assert "Not started" in html


def test_a_make_up_replaces_the_earlier_open_assignment_of_the_course(
    client, capital, capital_supervisor
):
    course = build_course(lessons=1)
    officer = make_member(agency=capital).user
    client.force_login(capital_supervisor)
    today = timezone.localdate()
    assign(client, capital, course, today + timedelta(days=30), officers=[str(officer.pk)])
    html = assign(
        client, capital, course, today + timedelta(days=7), officers=[str(officer.pk)]
    ).content.decode()
    assert "1 newly assigned, 0 already assigned (1 earlier assignment replaced)." in html
    open_ones = Assignment.objects.filter(
        user=officer, course=course, replaced_at__isnull=True, exempted_at__isnull=True
    )
    assert [a.due_on for a in open_ones] == [today + timedelta(days=7)]
    earlier = Assignment.objects.get(user=officer, course=course, replaced_at__isnull=False)
    assert earlier.replaced_by == open_ones.get()


def test_the_database_refuses_two_open_assignments_of_one_course(capital):
    course = build_course(lessons=1)
    officer = make_member(agency=capital).user
    today = timezone.localdate()
    Assignment.objects.create(user=officer, agency=capital, course=course, due_on=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            user=officer, agency=capital, course=course, due_on=today + timedelta(days=1)
        )
