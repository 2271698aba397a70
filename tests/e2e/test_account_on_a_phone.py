"""The front door on a phone: home page, sign-up, sign-out, sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.conftest import no_horizontal_scroll

# serialized_rollback: other transactional tests flush the tables, including the home page,
# groups and workflow that migrations create; these tests need them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_new_officer_signs_up_signs_out_and_signs_in_on_a_phone(live_server, phone, a11y):
    phone.goto(live_server.url + "/")
    assert no_horizontal_scroll(phone)
    a11y(phone, "home page")

    phone.get_by_role("link", name="Create an account").click()
    a11y(phone, "sign-up form")
    phone.get_by_label("First name").fill("Nguyễn")
    phone.get_by_label("Last name").fill("Thị Minh")
    phone.get_by_label("Email").fill("minh@example.org")
    phone.get_by_label("Password:", exact=True).fill("amber-kettle-harbor-quiet-2026")
    phone.get_by_label("Password (again):").fill("amber-kettle-harbor-quiet-2026")
    phone.get_by_role("button", name="Sign Up").click()
    phone.wait_for_load_state()
    user = get_user_model().objects.get(email="minh@example.org")
    assert user.get_full_name() == "Nguyễn Thị Minh"

    phone.goto(live_server.url + "/")
    phone.locator("summary.site-menu__button").click()  # sign-out sits in the header menu
    phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_load_state()
    phone.goto(live_server.url + "/accounts/login/")
    a11y(phone, "sign-in form")
    phone.get_by_label("Email").fill("minh@example.org")
    phone.get_by_label("Password:", exact=True).fill("amber-kettle-harbor-quiet-2026")
    phone.get_by_role("button", name="Sign In").click()
    phone.wait_for_load_state()
    phone.locator("summary.site-menu__button").click()
    assert phone.get_by_role("button", name="Sign out").is_visible()


def test_a_wrong_password_shows_a_clear_message_on_a_phone(live_server, phone, a11y):
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email").fill("nobody@example.org")
    phone.get_by_label("Password:", exact=True).fill("not-the-password-at-all")
    phone.get_by_role("button", name="Sign In").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("are not correct").is_visible()
    a11y(phone, "sign-in error")
