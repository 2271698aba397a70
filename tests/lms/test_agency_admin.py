"""ORS manages agencies in the Wagtail admin; the ORS staff group; the demo people."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase
from wagtail.models import ModelLogEntry

from lms.access import ORS_STAFF_GROUP
from lms.demo.people import load_people
from lms.models import Agency, Membership
from tests.factories import UserFactory, make_agency, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]


@pytest.fixture
def ors(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    client.force_login(user)
    return user


def test_ors_staff_group_exists_with_admin_access_and_agency_permissions():
    group = Group.objects.get(name=ORS_STAFF_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_agency", "change_agency", "view_agency"} <= codenames
    assert {"add_membership", "change_membership", "view_completion"} <= codenames
    assert "delete_completion" not in codenames
    assert group.page_permissions.filter(permission__codename="publish_page").exists()


def test_ors_lists_agencies_with_filters_by_county_type_and_status(client, ors):
    make_agency(name="Albany PD", county="Albany", program_status="active")
    make_agency(name="Dutchess SO", county="Dutchess", agency_type="sheriff")
    html = client.get("/admin/snippets/lms/agency/").content.decode()
    assert "Albany PD" in html and "Dutchess SO" in html
    filtered = client.get("/admin/snippets/lms/agency/?county=Dutchess").content.decode()
    assert "Dutchess SO" in filtered and "Albany PD" not in filtered
    by_type = client.get("/admin/snippets/lms/agency/?agency_type=sheriff").content.decode()
    assert "Dutchess SO" in by_type and "Albany PD" not in by_type
    by_status = client.get("/admin/snippets/lms/agency/?program_status=active").content.decode()
    assert "Albany PD" in by_status and "Dutchess SO" not in by_status
    searched = client.get("/admin/snippets/lms/agency/?q=albany").content.decode()
    assert "Albany PD" in searched and "Dutchess SO" not in searched


def test_officers_and_supervisors_cannot_open_the_agency_admin(client, capital, capital_supervisor):
    client.force_login(capital_supervisor)
    response = client.get("/admin/snippets/lms/agency/")
    assert response.status_code in {302, 403}


def test_ors_creates_an_agency_with_its_first_supervisor_who_is_invited(client, ors):
    form = {
        "name": "Lakeview Police Department",
        "agency_type": "municipal_police",
        "county": "Erie",
        "ori_number": "",
        "program_status": "planning",
        "is_active": "on",
        "address": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "allowed_email_domains": "lakeview-pd.example.org",
        "supervisor_email": "chief@lakeview-pd.example.org",
        "supervisor_first_name": "Dana",
        "supervisor_last_name": "Reid",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/admin/snippets/lms/agency/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(name="Lakeview Police Department")
    membership = Membership.objects.get(agency=agency)
    assert membership.role == Membership.Role.SUPERVISOR
    assert membership.user.email == "chief@lakeview-pd.example.org"
    assert membership.decided_by == ors  # an ORS action, recorded as one
    assert [m.to for m in mail.outbox] == [["chief@lakeview-pd.example.org"]]


def test_demo_people_are_loaded_once_and_a_second_run_changes_nothing():
    out = io.StringIO()
    load_people(out)
    counts = (Agency.objects.count(), get_user_model().objects.count(), Membership.objects.count())
    codes = list(Agency.objects.order_by("pk").values_list("join_code", flat=True))
    load_people(out)
    assert (
        Agency.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    ) == counts
    assert list(Agency.objects.order_by("pk").values_list("join_code", flat=True)) == codes
    assert counts[0] == 10
    officers = Membership.objects.filter(role="officer").count()
    assert officers == 62  # two named officers and sixty more
    capital = Agency.objects.get(name="Capital City Police Department (fictional)")
    assert capital.county == "Albany"
    assert Agency.objects.get(name="River County Sheriff's Office (fictional)").county == "Dutchess"
    # Demo agencies cannot pass for real ones: marked fictional, and no ORI code.
    assert all(
        name.endswith("(fictional)") for name in Agency.objects.values_list("name", flat=True)
    )
    assert not Agency.objects.exclude(ori_number="").exists()
    for email in [
        "supervisor@capital-city-pd.example.org",
        "officer@capital-city-pd.example.org",
        "supervisor@river-county-so.example.org",
        "officer@river-county-so.example.org",
    ]:
        user = get_user_model().objects.get(email=email)
        assert user.check_password("rollcall-demo")
    assert Membership.objects.get(
        user__email="supervisor@capital-city-pd.example.org"
    ).is_supervisory


def test_the_agency_page_links_to_its_memberships_and_saving_it_keeps_them(client, ors, capital):
    member = make_member(agency=capital)
    make_member(agency=capital, status="ended")
    html = client.get(f"/admin/snippets/lms/agency/edit/{capital.pk}/").content.decode()
    assert "1 current membership" in html
    assert f"/admin/snippets/lms/membership/?agency={capital.pk}" in html
    assert str(member.user) not in html  # no row per member on the agency's own page
    response = client.post(f"/admin/snippets/lms/agency/edit/{capital.pk}/", _agency_form(capital))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=member.pk, status="active").exists()


def test_ors_lists_memberships_by_agency_and_searches_them_by_person(client, ors, capital):
    other = make_agency(name="Erie County Sheriff's Office", county="Erie")
    make_member(agency=capital, user=UserFactory(first_name="Dana", last_name="Reid"))
    make_member(agency=other, user=UserFactory(first_name="Sam", last_name="Okafor"))
    listing = client.get(f"/admin/snippets/lms/membership/?agency={capital.pk}").content.decode()
    assert "Dana Reid" in listing and "Sam Okafor" not in listing
    searched = client.get("/admin/snippets/lms/membership/?q=okafor").content.decode()
    assert "Sam Okafor" in searched and "Dana Reid" not in searched


def test_the_membership_listing_pages_instead_of_listing_everyone(
    client, ors, capital, django_assert_max_num_queries
):
    for _ in range(60):
        make_member(agency=capital)
    with django_assert_max_num_queries(40):
        html = client.get(f"/admin/snippets/lms/membership/?agency={capital.pk}").content.decode()
    assert "Page 1 of 2" in html


def test_a_membership_chooses_its_person_with_a_chooser_not_a_dropdown_of_everyone(
    client, ors, capital
):
    member = make_member(agency=capital)
    UserFactory(first_name="Quentin", last_name="Outsider")
    html = client.get(f"/admin/snippets/lms/membership/edit/{member.pk}/").content.decode()
    assert "/admin/people/choose/" in html
    assert str(member.user) in html  # the chosen person is shown
    assert "Quentin Outsider" not in html  # no list of every account in the state
    html = client.get(f"/admin/snippets/lms/membership/add/?agency={capital.pk}").content.decode()
    assert "/admin/people/choose/" in html and "Quentin Outsider" not in html
    assert f'name="agency" value="{capital.pk}"' in html  # coming from the agency's page


def test_ors_searches_people_by_name_or_email_in_the_chooser(client, ors):
    UserFactory(first_name="Dana", last_name="Reid", email="dreid@lakeview-pd.example.org")
    UserFactory(first_name="Sam", last_name="Okafor", email="sokafor@erie-so.example.org")
    UserFactory(first_name="Dana", last_name="Gone", is_active=False)
    by_name = client.get("/admin/people/choose/results/?q=dana").content.decode()
    assert "Dana Reid" in by_name and "Sam Okafor" not in by_name
    assert "Dana Gone" not in by_name  # deactivated accounts cannot be given memberships
    by_email = client.get("/admin/people/choose/results/?q=erie-so").content.decode()
    assert "Sam Okafor" in by_email and "Dana Reid" not in by_email
    both_words = client.get("/admin/people/choose/results/?q=dana+lakeview").content.decode()
    assert "dreid@lakeview-pd.example.org" in both_words


def _membership_form(person, agency, **changes) -> dict:
    """The membership form as the admin posts it."""
    form = {
        "user": str(person.pk),
        "agency": str(agency.pk),
        "role": "officer",
        "status": "active",
        **dict.fromkeys(["badge_number", "rank", "unit", "started_on", "ended_on"], ""),
    }
    return {**form, **changes}


def test_ors_adds_a_membership_with_the_chosen_person(client, ors, capital):
    person = UserFactory()
    chosen = client.get(f"/admin/people/choose/chosen/{person.pk}/").json()
    assert chosen["result"]["id"] == str(person.pk)
    form = _membership_form(person, capital, badge_number="1234", unit="Day shift")
    response = client.post("/admin/snippets/lms/membership/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=person, agency=capital, unit="Day shift").exists()
    logged = ModelLogEntry.objects.filter(action="rollcall.membership", object_id=str(person.pk))
    assert logged.get().user == ors  # the audit log names who gave the role
    again = client.post("/admin/snippets/lms/membership/add/", form)  # a second current one
    assert again.status_code == 200
    assert Membership.objects.filter(user=person, agency=capital).count() == 1


def test_a_deactivated_account_cannot_be_given_a_membership(client, ors, capital):
    person = UserFactory(is_active=False)
    form = _membership_form(person, capital, role="supervisor")
    response = client.post("/admin/snippets/lms/membership/add/", form)
    assert response.status_code == 200
    assert "Choose an active account" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_editing_the_membership_of_a_since_deactivated_person_still_saves(client, ors, capital):
    person = UserFactory()
    membership = Membership.objects.create(user=person, agency=capital, role="officer")
    person.is_active = False
    person.save()
    form = _membership_form(person, capital, status="ended")
    response = client.post(f"/admin/snippets/lms/membership/edit/{membership.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert membership.status == "ended"


def test_only_ors_staff_may_open_the_people_chooser(client, capital, capital_supervisor):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))  # admin access, no agency rights
    client.force_login(user)
    for url in ["/admin/people/choose/", f"/admin/people/choose/chosen/{capital_supervisor.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and capital_supervisor.email not in str(
            response.content
        ), url


def _agency_form(agency) -> dict:
    """The agency edit form as the admin posts it."""
    return {
        "name": agency.name,
        "agency_type": agency.agency_type,
        "county": agency.county,
        "ori_number": agency.ori_number,
        "program_status": agency.program_status,
        "is_active": "on",
        "address": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "allowed_email_domains": agency.allowed_email_domains,
        "supervisor_email": "",
        "supervisor_first_name": "",
        "supervisor_last_name": "",
    }
