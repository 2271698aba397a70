"""lms.access: who sees which agencies, people and memberships."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from lms.access import (
    ORS_STAFF_GROUP,
    agency_visible_to_or_404,
    current_membership,
    memberships_visible_to,
    officers_visible_to,
    requires_mfa,
    supervised_agencies,
)
from tests.factories import UserFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]


def test_supervisor_sees_only_their_agency_and_its_active_officers(
    capital, river, capital_supervisor, capital_officer
):
    river_officer = make_member(agency=river).user
    ended = make_member(agency=capital, status="ended").user
    assert list(supervised_agencies(capital_supervisor)) == [capital]
    visible = set(officers_visible_to(capital_supervisor))
    assert capital_officer in visible
    assert river_officer not in visible
    assert ended not in visible
    assert agency_visible_to_or_404(capital_supervisor, capital.pk) == capital
    with pytest.raises(Http404):
        agency_visible_to_or_404(capital_supervisor, river.pk)


def test_officer_sees_no_agency_and_only_their_own_membership(capital, capital_officer):
    make_member(agency=capital)
    assert not supervised_agencies(capital_officer).exists()
    assert not officers_visible_to(capital_officer).exists()
    assert [m.user for m in memberships_visible_to(capital_officer)] == [capital_officer]
    assert current_membership(capital_officer).agency == capital
    assert not requires_mfa(capital_officer)


def test_ors_staff_see_every_agency(capital, river):
    ors = UserFactory()
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    assert set(supervised_agencies(ors)) == {capital, river}
    assert requires_mfa(ors)


def test_anonymous_visitors_see_nothing(capital):
    anonymous = AnonymousUser()
    assert not supervised_agencies(anonymous).exists()
    assert not officers_visible_to(anonymous).exists()
    assert current_membership(anonymous) is None
    with pytest.raises(Http404):
        agency_visible_to_or_404(anonymous, capital.pk)


def test_supervisors_get_an_agency_link_in_the_navigation_and_officers_do_not(
    client, capital_supervisor, capital_officer
):
    client.force_login(capital_supervisor)
    assert 'href="/agencies/">Agency</a>' in client.get("/join/").content.decode()
    client.force_login(capital_officer)
    assert 'href="/agencies/">Agency</a>' not in client.get("/join/").content.decode()


def test_a_supervisor_of_one_agency_goes_straight_to_its_roster(
    client, capital, capital_supervisor
):
    client.force_login(capital_supervisor)
    assert client.get("/agencies/")["Location"] == f"/agencies/{capital.pk}/"


def test_officers_get_404_for_the_agency_list(client, capital_officer):
    client.force_login(capital_officer)
    assert client.get("/agencies/").status_code == 404
