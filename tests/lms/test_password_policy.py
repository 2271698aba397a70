"""The password policy, met through the real sign-up and password-change forms."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "amber-kettle-harbor-quiet-2026"


def sign_up(client, password, *, first="Marisol", last="Quintero"):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": first,
            "last_name": last,
            "email": "m.q@example.org",
            "password1": password,
            "password2": password,
        },
    )


def change_password(client, password):
    return client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery-staple-42",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    "password, name",
    [("quintero-harbor-lamp", "quintero"), ("Marisol-harbor-lamp-7", "marisol")],
)
def test_sign_up_refuses_a_password_built_on_the_persons_own_name(client, password, name):
    response = sign_up(client, password)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your password can&#x27;t contain your own name or e-mail (“{name}”)." in html
    assert not User.objects.filter(email="m.q@example.org").exists()


def test_sign_up_refuses_fifteen_of_one_character(client):
    response = sign_up(client, "a" * 15)
    html = response.content.decode()
    assert "Your password repeats too few different characters (1)" in html
    assert not User.objects.exists()


def test_sign_up_refuses_a_short_pattern_repeated(client):
    response = sign_up(client, "abcabcabcabcabcabc")
    assert "repeats too few different characters (3)" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_accepts_a_passphrase_unrelated_to_the_name(client):
    assert sign_up(client, GOOD).status_code == 302
    assert User.objects.get(email="m.q@example.org").first_name == "Marisol"


@pytest.mark.parametrize(
    "password, message",
    [
        ("z" * 20, "repeats too few different characters (1)"),
        ("ostrowski-harbor-lamp", "contain your own name or e-mail (“ostrowski”)"),
    ],
)
def test_changing_the_password_applies_the_same_rules(client, password, message):
    person = UserFactory(first_name="Ida", last_name="Ostrowski")
    client.force_login(person)
    response = change_password(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password("correct-horse-battery-staple-42")


def test_the_rules_are_listed_under_the_password_field(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "at least 6 different characters" in html
