from __future__ import annotations

import pytest

from lms.models import Agency, Membership
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_mfa_enforcement(settings):
    # These tests are about the toolkit; MFA enforcement has its own tests in tests/lms.
    settings.ROLLCALL_ENFORCE_MFA = False


def make_agency(name: str = "Example Village Police Department", county: str = "Albany") -> Agency:
    return Agency.objects.create(name=name, county=county)


def make_member(agency: Agency, role: str = Membership.Role.OFFICER, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, agency=agency, role=role, badge_number="B-1")
    return user


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def supervisor(agency):
    return make_member(agency, role=Membership.Role.SUPERVISOR)


@pytest.fixture
def officer(agency):
    return make_member(agency)
