"""`manage.py issue_missing_certificates`: the repair for an issue that failed after commit."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from certificates.issuing import revoke_certificate
from lms.models import Completion


def run_repair() -> str:
    out = io.StringIO()
    call_command("issue_missing_certificates", stdout=out)
    return out.getvalue()


@pytest.fixture
def issuing_fails(monkeypatch):
    """The certificate cannot be written just after the completion commits (a fault)."""

    def fail(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("certificates.receivers.issue_certificate", fail)
    return monkeypatch


def test_a_completion_whose_certificate_failed_gets_it_from_the_repair_command(
    client, design, officer, course, complete, issuing_fails, caplog
):
    with caplog.at_level(logging.ERROR):
        completion = complete(officer, course)
    assert Completion.objects.filter(pk=completion.pk).exists()  # the result stands
    assert not completion.certificates.exists()
    assert "database is locked" in caplog.text  # logged, not shown to the officer
    issuing_fails.undo()

    assert run_repair() == "Issued 1 missing certificate(s).\n"
    certificate = completion.certificates.get()
    assert certificate.full_name == "Zoë Ångström"
    page = client.get(reverse("certificates:verify", kwargs={"code": certificate.code}))
    assert "Valid" in page.content.decode()
    assert run_repair() == "Issued 0 missing certificate(s).\n"  # idempotent
    assert completion.certificates.count() == 1


def test_the_repair_leaves_revoked_certificates_and_courses_without_certificates_alone(
    design, officer, course, make_course, complete, make_member, agency
):
    from tests.factories import UserFactory

    revoked = complete(officer, course).certificates.get()
    revoke_certificate(certificate=revoked, by=UserFactory(), reason="Issued in error")
    no_certificate = complete(
        make_member(agency), make_course("Refresher", issues_certificate=False)
    )
    assert run_repair() == "Issued 0 missing certificate(s).\n"
    revoked.refresh_from_db()
    assert revoked.revoked_at is not None
    assert not no_certificate.certificates.exists()
