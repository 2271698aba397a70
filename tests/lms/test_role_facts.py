"""role_facts answers the three questions every signed-in page asks in one statement, with the
same answers as the separate checks (the MFA rule and the navigation depend on them)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.access import (
    ORS_STAFF_GROUP,
    can_use_admin,
    holds_supervisory_role,
    is_ors_staff,
    role_facts,
)
from lms.models import Membership
from tests.factories import UserFactory, make_agency, make_member

pytestmark = pytest.mark.django_db


def admin_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def author():
    user = UserFactory()
    group = Group.objects.create(name="Authors (test)")
    group.permissions.add(admin_permission())
    user.groups.add(group)
    return user


def direct_permission():
    user = UserFactory()
    user.user_permissions.add(admin_permission())
    return user


def ors_staff():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    return user


def ended_supervisor():
    membership = make_member(agency=make_agency(), role="supervisor")
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.ENDED)
    return membership.user


def inactive_author():
    user = author()
    user.is_active = False
    user.save()
    return user


PEOPLE = {
    "officer": lambda: make_member(agency=make_agency()).user,
    "supervisor": lambda: make_member(agency=make_agency(), role="supervisor").user,
    "agency admin": lambda: make_member(agency=make_agency(), role="agency_admin").user,
    "supervisor who left": ended_supervisor,
    "ORS staff": ors_staff,
    "author (group permission)": author,
    "direct permission": direct_permission,
    "inactive author": inactive_author,
    "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    "no agency": UserFactory,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_one_statement_gives_the_same_answers_as_the_separate_checks(who):
    user = PEOPLE[who]()
    expected = (is_ors_staff(user), holds_supervisory_role(user), can_use_admin(user))
    fresh = type(user).objects.get(pk=user.pk)  # no permission cache carried over
    with CaptureQueriesContext(connection) as queries:
        assert role_facts(fresh) == expected
    assert len(queries) <= 2  # one, plus the supervisory check for a superuser
