"""Notifications: each event reaches the right people once (in-app and by e-mail), never another
agency's, and the request that causes it only enqueues the e-mails."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from cms.sop import adopt_sop
from lms.access import ORS_STAFF_GROUP
from lms.models import Membership, Notification, NotificationOptOut
from lms.notifications import kinds
from lms.notifications.tasks import send_notification_emails
from lms.notifications.unsubscribe import unsubscribe_token, unsubscribe_url
from lms.people.onboarding import decline_membership, join_agency
from tests.cms.test_registration import valid_data
from tests.factories import UserFactory, build_course, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def course():
    return build_course(title="Leave-behind naloxone")


@pytest.fixture
def due():
    return timezone.localdate() + datetime.timedelta(days=21)


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def add_officers(agency, count: int) -> list[int]:
    """Many active officers at once (bulk, so 500 take a moment, not a minute)."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{start + n}@example.org", first_name="Bulk", last_name=str(n))
            for n in range(count)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, agency=agency, role=Membership.Role.OFFICER) for u in users]
    )
    return [u.pk for u in users]


def reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]


def assign(client, supervisor, agency, course, due):
    client.force_login(supervisor)
    return client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": agency.pk}),
        {"course": course.pk, "due_on": due.isoformat()},
    )


# --- the request only enqueues ------------------------------------------------------------------


def test_assigning_500_officers_only_enqueues_one_task_with_a_fixed_number_of_queries(
    client, settings, capital, capital_supervisor, course, due, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    add_officers(capital, 10)
    client.force_login(capital_supervisor)
    other_course = build_course(title="Scene safety")
    with (
        CaptureQueriesContext(connection) as small,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assign(client, capital_supervisor, capital, other_course, due)
    add_officers(capital, 490)
    default_task_backend.clear()
    with (
        CaptureQueriesContext(connection) as large,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = assign(client, capital_supervisor, capital, course, due)
    assert response.status_code == 302
    # Reads do not grow with the number of officers; the rows go in bulk (one INSERT on
    # PostgreSQL, a few on SQLite, whose statements hold at most 999 parameters).
    assert len(reads(large)) <= len(reads(small))
    notification_inserts = [q for q in large.captured_queries if "lms_notification" in q["sql"]]
    assert len(notification_inserts) <= 8
    assert (
        Notification.objects.filter(
            kind=kinds.ASSIGNMENT_NEW, key__startswith=f"assignment:{course.pk}:"
        ).count()
        == 501  # the 500 officers and their sergeant, who is a member too
    )
    assert mail.outbox == []
    enqueued = default_task_backend.results
    assert [r.task.name for r in enqueued] == ["send_notification_emails"]
    assert enqueued[0].kwargs["kind"] == kinds.ASSIGNMENT_NEW


# --- each event: exactly one message to the right people ----------------------------------------


def test_new_assignment_tells_each_officer_once_and_nobody_in_another_agency(
    client, capital, river, capital_supervisor, course, due, django_capture_on_commit_callbacks
):
    officers = [make_member(agency=capital).user for _ in range(2)]
    outsider = make_member(agency=river).user
    river_boss = make_member(agency=river, role="supervisor").user
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, capital_supervisor, capital, course, due)
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, capital_supervisor, capital, course, due)  # a double click
    for officer in officers:
        sent = mails_to(officer)
        assert len(sent) == 1
        assert "Leave-behind naloxone" in sent[0].subject
        assert f"{due:%-d %B %Y}" in sent[0].subject
        assert Notification.objects.filter(recipient=officer).count() == 1
    assert mails_to(outsider) == [] and mails_to(river_boss) == []
    assert not Notification.objects.filter(recipient__in=[outsider, river_boss]).exists()


def test_email_has_text_and_html_parts_with_absolute_links(
    client,
    settings,
    capital,
    capital_supervisor,
    capital_officer,
    course,
    due,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://training.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, capital_supervisor, capital, course, due)
    (message,) = mails_to(capital_officer)
    assert "https://training.example.org/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://training.example.org/' in html
    # An assignment is a duty: it cannot be unsubscribed from, so no List-Unsubscribe header.
    assert "List-Unsubscribe" not in message.extra_headers


def test_join_requests_tell_the_agency_supervisors_at_most_once_an_hour(
    client, capital, river, capital_supervisor, river_supervisor, django_capture_on_commit_callbacks
):
    for n in range(3):
        person = UserFactory(email=f"walk-in{n}@elsewhere.example.org")
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert Membership.objects.filter(agency=capital, status="pending").count() == 3
    sent = mails_to(capital_supervisor)
    assert len(sent) == 1
    assert "Join requests waiting" in sent[0].subject
    assert sent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mails_to(river_supervisor) == []
    assert Notification.objects.filter(recipient=capital_supervisor).count() == 1


def test_approval_and_decline_tell_the_person(
    client, capital, capital_supervisor, django_capture_on_commit_callbacks
):
    asked = [UserFactory(email=f"asker{n}@elsewhere.example.org") for n in range(2)]
    memberships = [
        Membership.objects.create(user=u, agency=capital, role="officer", status="pending")
        for u in asked
    ]
    client.force_login(capital_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lms:membership_approve", args=[memberships[0].pk]))
        client.post(reverse("lms:membership_approve", args=[memberships[0].pk]))
        client.post(reverse("lms:membership_decline", args=[memberships[1].pk]))
    assert [m.subject for m in mails_to(asked[0])] == [f"You joined {capital.name}"]
    assert [m.subject for m in mails_to(asked[1])] == [
        f"Your request to join {capital.name} was declined"
    ]
    assert mails_to(capital_supervisor) == []


def test_sop_adoption_asks_every_member_of_that_agency_only(
    capital, river, capital_supervisor, capital_officer, django_capture_on_commit_callbacks
):
    outsider = make_member(agency=river).user
    with django_capture_on_commit_callbacks(execute=True):
        adoption = adopt_sop(
            agency=capital,
            adopted_by=capital_supervisor,
            version_label="2",
            upload=SimpleUploadedFile("sop.pdf", PDF, content_type="application/pdf"),
            title="Leave-behind SOP",
        )
    assert len(mails_to(capital_officer)) == 1
    assert "Leave-behind SOP" in mails_to(capital_officer)[0].subject
    assert mails_to(outsider) == []
    assert Notification.objects.filter(key=f"sop:{adoption.pk}").count() == 2  # officer + sergeant


def test_registration_and_assistance_requests_reach_ors_staff_only(
    client, capital, capital_supervisor, django_capture_on_commit_callbacks
):
    ors = UserFactory(email="ors-staff@example.org")
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register-program/", valid_data())
    assert [m.subject for m in mails_to(ors)] == [
        "New program registration: Example Town Police Department"
    ]
    assert mails_to(capital_supervisor) == []


# --- preferences and unsubscribe ----------------------------------------------------------------


def test_one_click_unsubscribe_needs_no_sign_in_or_csrf_and_stops_that_kind(capital_supervisor):
    url = unsubscribe_url(user_id=capital_supervisor.pk, kind=kinds.JOIN_REQUESTS)
    path = url.split("://", 1)[1].split("/", 1)[1]
    strict = Client(enforce_csrf_checks=True)
    assert "Unsubscribe" in strict.get("/" + path).content.decode()
    assert not NotificationOptOut.objects.exists()  # a GET (a link scanner) changes nothing
    response = strict.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationOptOut.objects.filter(
        user=capital_supervisor, kind=kinds.JOIN_REQUESTS
    ).exists()


def test_a_forged_or_required_kind_unsubscribe_token_is_refused(client, capital_officer):
    bad = client.post(reverse("lms:notification_unsubscribe", args=["not-a-token"]))
    assert bad.status_code == 400
    required = unsubscribe_token(user_id=capital_officer.pk, kind=kinds.CERTIFICATE_ISSUED)
    assert client.post(reverse("lms:notification_unsubscribe", args=[required])).status_code == 400
    assert not NotificationOptOut.objects.exists()


def test_preferences_turn_optional_kinds_off_but_never_required_ones(
    client,
    capital,
    capital_supervisor,
    capital_officer,
    course,
    due,
    django_capture_on_commit_callbacks,
):
    client.force_login(capital_officer)
    page = client.get(reverse("lms:notification_preferences")).content.decode()
    assert "A course assigned to you" in page and "(required)" in page
    assert "Join requests waiting" not in page  # a supervisor's kind
    response = client.post(reverse("lms:notification_preferences"), {"kind": [kinds.JOIN_APPROVED]})
    assert response.status_code == 302
    off = set(
        NotificationOptOut.objects.filter(user=capital_officer).values_list("kind", flat=True)
    )
    assert kinds.ASSIGNMENT_DUE_SOON in off and kinds.JOIN_APPROVED not in off
    assert kinds.ASSIGNMENT_NEW not in off  # required kinds cannot be turned off
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, capital_supervisor, capital, course, due)
    assert len(mails_to(capital_officer)) == 1


# --- the in-app list ------------------------------------------------------------------------------


def test_list_shows_own_entries_and_another_persons_entry_is_404(
    client,
    capital,
    capital_supervisor,
    capital_officer,
    course,
    due,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, capital_supervisor, capital, course, due)
    entry = Notification.objects.get(recipient=capital_officer)
    client.force_login(capital_supervisor)
    assert client.get(reverse("lms:notification_open", args=[entry.pk])).status_code == 404
    assert client.post(reverse("lms:notification_read", args=[entry.pk])).status_code == 404
    client.force_login(capital_officer)
    page = client.get(reverse("lms:notifications")).content.decode()
    assert "Leave-behind naloxone" in page and "1 unread" in page
    opened = client.get(reverse("lms:notification_open", args=[entry.pk]))
    assert opened.status_code == 302
    entry.refresh_from_db()
    assert entry.read_at is not None


def test_mark_all_read_and_the_header_count(client, capital_officer):
    for n in range(3):
        Notification.objects.create(
            recipient=capital_officer, kind=kinds.JOIN_APPROVED, key=f"k{n}", title=f"Note {n}"
        )
    request = RequestFactory().get("/")
    request.user = capital_officer
    header = render_to_string("includes/header_notifications.html", {"request": request})
    assert "3" in header and "unread" in header and reverse("lms:notifications") in header
    client.force_login(capital_officer)
    response = client.post(reverse("lms:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    header = render_to_string("includes/header_notifications.html", {"request": request})
    assert ": none unread" in header and "site-header__count" not in header


def test_the_join_request_e_mail_waits_for_the_hour_and_is_dropped_once_all_are_answered(
    settings, capital, capital_supervisor, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    person = UserFactory(email="walk-in@elsewhere.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        joined = join_agency(user=person, agency=capital)
    (queued,) = [
        r for r in default_task_backend.results if r.task.name == "send_notification_emails"
    ]
    assert queued.task.run_after > timezone.now()
    assert (queued.task.run_after.minute, queued.task.run_after.second) == (0, 0)
    decline_membership(membership=joined.membership, decided_by=capital_supervisor)
    assert send_notification_emails.call(**queued.kwargs) == 0
    assert mails_to(capital_supervisor) == []
    entry = Notification.objects.get(recipient=capital_supervisor)
    assert entry.email_status == "skipped"  # the in-app entry stays, as history
