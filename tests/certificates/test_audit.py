"""Certificate issue and revocation leave an entry in the audit log nobody can edit."""

from __future__ import annotations

from wagtail.models import ModelLogEntry

from certificates.issuing import revoke_certificate
from tests.factories import UserFactory


def _entries(certificate):
    return ModelLogEntry.objects.filter(
        content_type__model="certificate", object_id=str(certificate.pk)
    ).order_by("timestamp")


def test_issuing_and_revoking_a_certificate_are_audited(design, officer, course, complete):
    certificate = complete(officer, course).certificates.get()
    ors = UserFactory(is_superuser=True)
    revoke_certificate(certificate=certificate, by=ors, reason="Issued to the wrong officer")
    entries = list(_entries(certificate))
    assert [e.action for e in entries] == [
        "rollcall.certificate_issued",
        "rollcall.certificate_revoked",
    ]
    assert entries[0].data["code"] == certificate.code
    assert entries[1].user_id == ors.pk
    assert entries[1].data["reason"] == "Issued to the wrong officer"


def test_saving_a_revoked_certificate_again_logs_no_second_revocation(
    design, officer, course, complete
):
    certificate = complete(officer, course).certificates.get()
    revoke_certificate(certificate=certificate, by=None, reason="Duplicate")
    certificate.refresh_from_db()
    certificate.save()
    revoked = _entries(certificate).filter(action="rollcall.certificate_revoked")
    assert revoked.count() == 1
