"""Fixtures for the lms tests on agencies, onboarding and access."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory, build_course, make_agency, make_member


@pytest.fixture
def mfa_off(settings):
    """Most onboarding tests are about something else than the second factor."""
    settings.ROLLCALL_ENFORCE_MFA = False


@pytest.fixture
def capital(db):
    return make_agency(
        name="Capital City Police Department",
        county="Albany",
        allowed_email_domains="capital-city-pd.example.org",
    )


@pytest.fixture
def river(db):
    return make_agency(
        name="River County Sheriff's Office", county="Dutchess", agency_type="sheriff"
    )


@pytest.fixture
def capital_supervisor(capital):
    return make_member(
        agency=capital,
        role="supervisor",
        user=UserFactory(email="sarge@capital-city-pd.example.org"),
    ).user


@pytest.fixture
def river_supervisor(river):
    return make_member(agency=river, role="supervisor").user


@pytest.fixture
def capital_officer(capital):
    return make_member(agency=capital, role="officer", unit="Day shift").user


@pytest.fixture
def squad(db):
    """A roll call: an agency, its sergeant, ten officers of B-Squad and a published course."""
    agency = make_agency(name="Capital City Police Department")
    sergeant = make_member(agency=agency, role="supervisor").user
    officers = [
        make_member(agency=agency, badge_number=f"{100 + n}", unit="B-Squad").user
        for n in range(10)
    ]
    course = build_course(title="Leave-behind naloxone", lessons=2, recertification_months=24)
    return agency, sergeant, officers, course
