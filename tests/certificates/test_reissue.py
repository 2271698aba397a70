"""Reissue after a name correction: a new certificate with a new snapshot; the old one keeps
its own and verifies as "reissued as <new code>"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from lms.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(agency, make_member, course, complete):
    user = make_member(agency, first_name="Dana", last_name="Rey")
    complete(user, course)
    return user, Certificate.objects.get(completion__user=user)


def test_the_holder_reissues_with_the_corrected_name_and_the_old_one_verifies_as_reissued(
    client, holder
):
    user, old = holder
    client.force_login(user)
    page = client.get(reverse("certificates:detail", kwargs={"code": old.code}))
    assert "The certificate already prints the name on your account." in page.content.decode()
    user.last_name = "Reyes"
    user.save()
    html = client.get(reverse("certificates:detail", kwargs={"code": old.code})).content.decode()
    assert "Reissue with my corrected name" in html and "Dana Reyes" in html
    response = client.post(reverse("certificates:reissue", kwargs={"code": old.code}))
    old.refresh_from_db()
    new = old.superseded_by
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:detail", kwargs={"code": new.code}
    )
    assert (old.full_name, new.full_name) == ("Dana Rey", "Dana Reyes")
    assert old.reissued_at is not None and new.completion_id == old.completion_id
    assert (new.completed_on, new.expires_on) == (old.completed_on, old.expires_on)
    verify = client.get(reverse("certificates:verify", kwargs={"code": old.code}))
    assert (
        f'reissued as <a class="code" href="/verify/{new.code}/">{new.code}</a>'
        in verify.content.decode()
    )
    data = client.get(reverse("certificates:verify_json", kwargs={"code": old.code})).json()
    assert data["reissued_as"] == new.code and data["renewed_by"] is None
    assert data["name"] == "Dana Rey"  # the old snapshot stays what was printed
    assert ModelLogEntry.objects.filter(action="rollcall.certificate_reissued").count() == 1


def test_a_reissued_certificate_cannot_be_reissued_again(client, holder):
    user, old = holder
    user.last_name = "Reyes"
    user.save()
    client.force_login(user)
    client.post(reverse("certificates:reissue", kwargs={"code": old.code}))
    response = client.post(reverse("certificates:reissue", kwargs={"code": old.code}), follow=True)
    assert "replaced by a later one" in response.content.decode()
    assert Certificate.objects.filter(completion=old.completion).count() == 2


def test_a_supervisor_sees_the_certificate_but_cannot_reissue_it(
    client, holder, agency, make_member
):
    user, old = holder
    user.last_name = "Reyes"
    user.save()
    supervisor = make_member(agency, role=Membership.Role.SUPERVISOR)
    client.force_login(supervisor)
    assert client.get(reverse("certificates:detail", kwargs={"code": old.code})).status_code == 200
    client.post(reverse("certificates:reissue", kwargs={"code": old.code}))
    assert Certificate.objects.filter(completion=old.completion).count() == 1


def test_another_agencys_certificate_is_not_found(client, holder, make_agency, make_member):
    _, old = holder
    stranger = make_member(make_agency(name="River County Sheriff's Office"))
    client.force_login(stranger)
    assert client.get(reverse("certificates:detail", kwargs={"code": old.code})).status_code == 404
    assert (
        client.post(reverse("certificates:reissue", kwargs={"code": old.code})).status_code == 404
    )


def test_a_reissued_certificate_carries_its_own_signed_credential(client, holder):
    user, old = holder
    user.last_name = "Reyes"
    user.save()
    client.force_login(user)
    client.post(reverse("certificates:reissue", kwargs={"code": old.code}))
    new = Certificate.objects.get(completion=old.completion, reissued_at__isnull=True)
    assert new.status_list_index is not None
    assert new.status_list_index != old.status_list_index
    page = client.get(reverse("certificates:detail", kwargs={"code": new.code})).content.decode()
    assert "Digital credential (signed)" in page and "Add to LinkedIn" in page
    response = client.get(
        reverse("certificates:credential", kwargs={"code": new.code, "fmt": "json"})
    )
    assert response.status_code == 200
    assert response.json()["credentialSubject"]["achievement"]["name"] == new.course_title
