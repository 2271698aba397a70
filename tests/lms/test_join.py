"""Joining an agency by its code: allowed domain vs approval, rotation, rate limit, landing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.models import Membership
from lms.records.assignments import assign_course
from tests.factories import TEST_PASSWORD, UserFactory, build_course, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
STRONG = "harbor-lantern-quietly-marching-57"


def signup(client, *, email, first="Pat", last="Lee"):
    return client.post(
        reverse("account_signup") + "?next=" + reverse("lms:join_welcome"),
        {
            "first_name": first,
            "last_name": last,
            "email": email,
            "password1": STRONG,
            "password2": STRONG,
        },
    )


def confirm_latest_email(client):
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    return client.post(reverse("account_confirm_email", kwargs={"key": key}))


def test_join_page_shows_the_agency_name_and_sign_up_and_log_in_links(client, capital):
    response = client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Join Capital City Police Department" in html
    assert "/accounts/signup/?next=/join/welcome/" in html
    assert "/accounts/login/?next=/join/welcome/" in html


def test_join_code_is_accepted_in_lower_case_with_spaces(client, capital):
    code = capital.join_code.lower()
    response = client.get(reverse("lms:join_start") + f"?code={code[:5]} {code[5:]}")
    assert response["Location"] == reverse("lms:join", kwargs={"code": capital.join_code})


def test_wrong_code_gets_a_clear_message_and_404(client, capital):
    response = client.get(reverse("lms:join", kwargs={"code": "NOTACODE22"}))
    assert response.status_code == 404
    assert "This join code does not work" in response.content.decode()
    assert "Capital City" not in response.content.decode()


def test_rotated_code_stops_working_and_the_new_one_works(client, capital, capital_supervisor):
    old_code = capital.join_code
    client.force_login(capital_supervisor)
    response = client.post(reverse("lms:rotate_join_code", kwargs={"agency_id": capital.pk}))
    assert response.status_code == 302
    capital.refresh_from_db()
    assert capital.join_code != old_code
    assert capital.join_code_rotated_at is not None
    client.logout()
    assert client.get(reverse("lms:join", kwargs={"code": old_code})).status_code == 404
    assert client.get(reverse("lms:join", kwargs={"code": capital.join_code})).status_code == 200


def test_rotating_by_get_changes_nothing(client, capital, capital_supervisor):
    old_code = capital.join_code
    client.force_login(capital_supervisor)
    response = client.get(reverse("lms:rotate_join_code", kwargs={"agency_id": capital.pk}))
    assert response.status_code == 405
    capital.refresh_from_db()
    assert capital.join_code == old_code


def test_code_rotated_while_signing_up_gets_a_clear_message_and_no_membership(client, capital):
    client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    capital.rotate_join_code()
    response = signup(client, email="late@capital-city-pd.example.org")
    assert response.status_code == 302
    response = client.get(reverse("lms:join_welcome"), follow=True)
    assert "That join code was changed" in response.content.decode()
    assert not Membership.objects.filter(agency=capital).exists()


def test_wrong_codes_are_rate_limited_per_address(client, capital, settings):
    settings.ROLLCALL_JOIN_RATE_LIMIT = (3, 600)
    for n in range(3):
        assert client.get(f"/join/WRONGCODE{n}/").status_code == 404
    response = client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_many_officers_scanning_the_right_code_are_not_limited(client, capital, settings):
    settings.ROLLCALL_JOIN_RATE_LIMIT = (3, 600)
    for _ in range(10):
        assert (
            client.get(reverse("lms:join", kwargs={"code": capital.join_code})).status_code == 200
        )


def test_sign_up_with_an_allowed_domain_joins_once_the_address_is_confirmed(client, capital):
    client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    response = signup(client, email="new.officer@Capital-City-PD.example.org")
    assert response.status_code == 302
    membership = Membership.objects.get(
        agency=capital, user__email__iexact="new.officer@capital-city-pd.example.org"
    )
    # An unconfirmed address could belong to anyone: it waits for the confirmation link.
    assert membership.status == Membership.Status.PENDING
    confirm_latest_email(client)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.started_on == timezone.localdate()


def test_sign_up_with_another_domain_waits_for_a_supervisors_approval(
    client, capital, capital_supervisor
):
    client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    signup(client, email="pat@gmail.example.com")
    confirm_latest_email(client)
    membership = Membership.objects.get(agency=capital, user__email="pat@gmail.example.com")
    assert membership.status == Membership.Status.PENDING
    response = client.get(reverse("lms:join_welcome"))
    assert "waiting for a supervisor" in response.content.decode()

    client.force_login(capital_supervisor)
    roster = client.get(reverse("lms:roster", kwargs={"agency_id": capital.pk}))
    assert "pat@gmail.example.com" in roster.content.decode()
    client.post(reverse("lms:membership_approve", kwargs={"membership_id": membership.pk}))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == capital_supervisor


def test_supervisor_can_decline_a_request_and_it_is_kept_as_history(
    client, capital, capital_supervisor
):
    membership = make_member(agency=capital, status="pending")
    client.force_login(capital_supervisor)
    client.post(reverse("lms:membership_decline", kwargs={"membership_id": membership.pk}))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED


def test_existing_officer_logs_in_through_the_join_link_and_joins(client, capital):
    user = UserFactory(email="moving@capital-city-pd.example.org")
    client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    response = client.post(
        reverse("account_login") + "?next=" + reverse("lms:join_welcome"),
        {"login": user.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=user, agency=capital).status == Membership.Status.ACTIVE


def test_signed_in_officer_joins_with_a_button_and_lands_on_the_assigned_course(
    client, capital, capital_supervisor
):
    course = build_course(title="Leave-behind naloxone")
    officer = make_member(agency=capital).user
    assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        agencies=[capital],
        assigned_by=capital_supervisor,
    )
    newcomer = UserFactory(email="newcomer@capital-city-pd.example.org")
    client.force_login(newcomer)
    page = client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert "Join Capital City Police Department" in page.content.decode()
    response = client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert response["Location"] == reverse("lms:join_welcome")
    # The course was assigned to everyone: a newcomer gets it too and lands on it.
    assert client.get(reverse("lms:join_welcome"))["Location"] == course.url
    client.force_login(officer)
    assert client.get(reverse("lms:join_welcome"))["Location"] == course.url


def test_joining_a_new_agency_ends_the_old_officer_membership_and_keeps_it(client, capital, river):
    user = UserFactory(email="transfer@capital-city-pd.example.org")
    old = make_member(agency=river, user=user, started_on=datetime.date(2024, 1, 1))
    client.force_login(user)
    client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    old.refresh_from_db()
    assert old.status == Membership.Status.ENDED
    assert old.ended_on == timezone.localdate()
    assert Membership.objects.filter(user=user).count() == 2


def test_joining_twice_changes_nothing(client, capital):
    user = UserFactory(email="twice@capital-city-pd.example.org")
    client.force_login(user)
    client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert Membership.objects.filter(user=user, agency=capital).count() == 1


def test_join_code_page_shows_a_qr_code_and_the_link_text(client, capital, capital_supervisor):
    client.force_login(capital_supervisor)
    response = client.get(reverse("lms:join_code", kwargs={"agency_id": capital.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="join-qr"' in html
    assert "<title>QR code to join Capital City Police Department</title>" in html
    assert f"/join/{capital.join_code}/" in html
    assert capital.join_code in html


def test_officer_cannot_see_the_join_code_page(client, capital, capital_officer):
    client.force_login(capital_officer)
    assert client.get(reverse("lms:join_code", kwargs={"agency_id": capital.pk})).status_code == 404


def test_leaving_an_agency_ends_the_membership_and_keeps_completions(
    client, capital, capital_supervisor
):
    from tests.factories import make_completion

    course = build_course()
    membership = make_member(agency=capital)
    completion = make_completion(user=membership.user, course=course, agency=capital)
    client.force_login(capital_supervisor)
    client.post(reverse("lms:membership_end", kwargs={"membership_id": membership.pk}))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    completion.refresh_from_db()
    assert completion.agency == capital


def test_supervisor_cannot_end_their_own_membership_through_the_roster(
    client, capital, capital_supervisor
):
    own = Membership.objects.get(user=capital_supervisor)
    client.force_login(capital_supervisor)
    response = client.post(reverse("lms:membership_end", kwargs={"membership_id": own.pk}))
    assert response.status_code == 404


def test_agency_names_are_escaped_in_the_qr_code(client, capital, capital_supervisor):
    capital.name = "Capital <script>alert(1)</script> PD"
    capital.save()
    client.force_login(capital_supervisor)
    html = client.get(reverse("lms:join_code", kwargs={"agency_id": capital.pk})).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_a_course_assigned_to_chosen_units_is_not_given_to_newcomers(client, capital):
    course = build_course()
    make_member(agency=capital, unit="Night shift")
    assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        agencies=[capital],
        assigned_by=None,
        units=["Night shift"],
    )
    newcomer = UserFactory(email="unit@capital-city-pd.example.org")
    client.force_login(newcomer)
    client.post(reverse("lms:join", kwargs={"code": capital.join_code}))
    assert client.get(reverse("lms:join_welcome"))["Location"] == "/dashboard/"


def test_officer_scans_signs_up_confirms_and_lands_on_the_assigned_course(client, capital):
    """The issue's "done when", without a browser: QR link -> sign-up -> assigned course."""
    course = build_course(title="Leave-behind naloxone")
    make_member(agency=capital)
    assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        agencies=[capital],
        assigned_by=None,
    )
    client.get(reverse("lms:join", kwargs={"code": capital.join_code}))
    signup(client, email="scan@capital-city-pd.example.org")
    confirm_latest_email(client)
    response = client.get(reverse("lms:join_welcome"))
    assert response["Location"] == course.url
