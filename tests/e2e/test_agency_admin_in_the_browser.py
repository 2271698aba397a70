"""ORS adds an officer to an agency in the Wagtail admin, picking the person with the chooser."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from lms.access import ORS_STAFF_GROUP
from lms.models import Membership
from tests.e2e.test_authoring_in_the_admin import sign_in
from tests.factories import UserFactory, make_agency

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_ors_adds_a_membership_by_searching_for_the_person(live_server, browser, settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA set-up has its own browser test
    staff = UserFactory(email="staff@ors.example.org")
    staff.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    agency = make_agency(name="Lakeview Police Department")
    person = UserFactory(first_name="Dana", last_name="Reid", email="dreid@lakeview.example.org")
    UserFactory(first_name="Sam", last_name="Okafor")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, staff.email)
    page.goto(f"{live_server.url}/admin/snippets/lms/agency/edit/{agency.pk}/")
    page.get_by_role("link", name="Add a membership").click()
    page.get_by_role("button", name="Choose a person").click()
    modal = page.locator(".modal")
    modal.get_by_placeholder("Name or e-mail").fill("reid")
    modal.get_by_role("link", name="Dana Reid").click()
    assert page.locator("#id_agency").input_value() == str(agency.pk)  # from the agency's page
    page.get_by_role("button", name=re.compile("^Save")).first.click()
    page.wait_for_url(re.compile(r"/admin/snippets/lms/membership/$"))
    assert Membership.objects.filter(user=person, agency=agency, role="officer").exists()
    context.close()
