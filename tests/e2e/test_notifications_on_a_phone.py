"""An officer's notifications on a phone: the list, opening a notice, preferences, unsubscribe."""

from __future__ import annotations

import pytest

from lms.models import Notification, NotificationOptOut
from lms.notifications import kinds
from lms.notifications.unsubscribe import unsubscribe_token
from tests.e2e.conftest import no_horizontal_scroll
from tests.factories import TEST_PASSWORD, UserFactory, make_agency, make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_officer_reads_notices_and_turns_one_kind_off_on_a_phone(live_server, phone, a11y):
    agency = make_agency(name="Capital City Police Department")
    officer = make_member(agency=agency, user=UserFactory(email="officer@example.org")).user
    for n, (kind, title) in enumerate(
        [
            (kinds.ASSIGNMENT_NEW, "Assigned: Leave-behind naloxone, due 5 January 2027"),
            (kinds.JOIN_APPROVED, "You joined Capital City Police Department"),
        ]
    ):
        Notification.objects.create(
            recipient=officer, kind=kind, key=f"e2e:{n}", title=title, url="/certificates/"
        )
    phone.goto(live_server.url + "/accounts/login/?next=/notifications/")
    phone.get_by_label("Email").fill("officer@example.org")
    phone.get_by_label("Password:", exact=True).fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Sign In").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("2 unread.").is_visible()
    assert no_horizontal_scroll(phone)
    a11y(phone, "notifications list")

    phone.get_by_role("link", name="You joined Capital City Police Department").click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/certificates/")
    phone.goto(live_server.url + "/notifications/")
    assert phone.get_by_text("1 unread.").is_visible()
    phone.get_by_role("button", name="Mark all as read").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Nothing unread.").is_visible()

    phone.get_by_role("link", name="Choose which notifications you get").click()
    phone.wait_for_load_state()
    assert no_horizontal_scroll(phone)
    a11y(phone, "notification preferences")
    assert phone.get_by_label(
        "A course assigned to you, with its due date (required)"
    ).is_disabled()
    phone.get_by_label("An assigned course is due in 7 days").uncheck()
    phone.get_by_role("button", name="Save preferences").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Your notification preferences were saved.").is_visible()
    assert NotificationOptOut.objects.filter(user=officer, kind=kinds.ASSIGNMENT_DUE_SOON).exists()

    token = unsubscribe_token(user_id=officer.pk, kind=kinds.RENEWAL_WINDOW_OPEN)
    phone.goto(live_server.url + f"/notifications/unsubscribe/{token}/")
    a11y(phone, "unsubscribe")
    phone.get_by_role("button", name="Unsubscribe").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("you will no longer get").is_visible()
    assert NotificationOptOut.objects.filter(user=officer, kind=kinds.RENEWAL_WINDOW_OPEN).exists()
