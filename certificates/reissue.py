"""Reissue: a new certificate for the same completion with the holder's corrected name.

The certificate already issued keeps its snapshot (what was printed stays checkable) and
verifies as "reissued as <new code>", the way a renewal says "renewed by". The holder does it
from the certificate page, right after correcting their name (lms.people.profile); nobody approves
it, because the name is the one the person's account holds, which their agency can see and
the audit log records.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from certificates.credentials.status_list import assign_status_list_index
from certificates.models import Certificate
from lms.audit import audit_event


def reissue_problem(*, certificate: Certificate, user) -> str:
    """Why this person cannot reissue this certificate now ("" when they can)."""
    if certificate.completion.user_id != user.pk:
        return "Only the holder can ask for a reissue."
    if certificate.status == Certificate.Status.REVOKED:
        return "A revoked certificate cannot be reissued."
    if certificate.reissued_at is not None or certificate.superseded_by_id is not None:
        return "This certificate has been replaced by a later one: reissue that one instead."
    if certificate.full_name == user.get_full_name():
        return "The certificate already prints the name on your account."
    return ""


def reissue_certificate(*, certificate: Certificate, user) -> Certificate:
    """A new certificate with the holder's current name; the old one is kept, marked reissued.
    All or nothing."""
    with transaction.atomic():
        old = (
            Certificate.objects.select_for_update()
            .select_related("completion")
            .get(pk=certificate.pk)
        )
        if problem := reissue_problem(certificate=old, user=user):
            raise ValidationError(problem)
        now = timezone.now()
        # Marked first: the database allows one unreissued certificate per completion.
        Certificate.objects.filter(pk=old.pk).update(reissued_at=now, updated_at=now)
        new = Certificate.objects.create(
            completion=old.completion,
            template=old.template,
            full_name=user.get_full_name(),
            agency_name=old.agency_name,
            course_title=old.course_title,
            completed_on=old.completed_on,
            expires_on=old.expires_on,
            signatory_name=old.signatory_name,
            signatory_title=old.signatory_title,
        )
        Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
        assign_status_list_index(certificate=new)  # its credential can be revoked like any other
        audit_event(
            instance=old,
            action="rollcall.certificate_reissued",
            user=user,
            data={"code": old.code, "reissued_as": new.code, "name": new.full_name},
        )
    return new
