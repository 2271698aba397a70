"""Issuing, regenerating and revoking certificates (the PDF itself: certificates.rendering).

The PDF is rendered once and stored; downloads serve the stored file. With a background task
backend it renders in a task after the completion is committed; with django-tasks' immediate
backend (the default) it renders on the first download instead, so the officer's quiz
submission never waits for xhtml2pdf. If rendering or storage fails, the certificate row (and
the completion) stand, the problem is recorded in ``render_error``, and the next download or an
explicit retry renders it.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from certificates.credentials.status_list import assign_status_list_index
from certificates.models import Certificate, CertificateFile, CertificateTemplate
from certificates.rendering import render_certificate_pdf, store_certificate_pdf
from certificates.tasks import render_certificate_task
from lms.models import Completion

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Issuing


def issue_certificate(*, completion: Completion, render: bool = True) -> Certificate | None:
    """The certificate for a completion, created once (idempotent); None when the course grants
    none, the completion is a refresher (it starts no cycle, so the printed certificate of the
    cycle stays the one that counts) or training recorded from elsewhere (we did not train the
    person, so we certify nothing: lms.records.past_records). The PDF renders after commit, in a background task, so a rendering fault never undoes
    the issue; when tasks run inline (see renders_in_background) or with render=False (bulk
    back-fills) it renders on first download instead.
    """
    course = completion.course
    if course is None or not course.issues_certificate:
        return None
    if completion.kind == Completion.Kind.REFRESHER or completion.is_manual:
        return None
    existing = completion.certificates.filter(reissued_at__isnull=True).first()
    if existing is not None:
        return existing
    template = CertificateTemplate.objects.filter(is_default=True).first()
    completed_on = timezone.localdate(completion.completed_at)
    expires_on = timezone.localdate(completion.expires_at) if completion.expires_at else None
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                completion=completion,
                template=template,
                full_name=completion.user_name,
                agency_name=completion.agency_name,
                course_title=completion.course_title,
                completed_on=completed_on,
                expires_on=expires_on,
                signatory_name=template.signatory_name if template else "",
                signatory_title=template.signatory_title if template else "",
            )
            _supersede_earlier(certificate=certificate, completion=completion)
            assign_status_list_index(certificate=certificate)
    except IntegrityError:
        # Another worker issued it first (the unique constraint on completion decided).
        return completion.certificates.get(reissued_at__isnull=True)
    if render and renders_in_background():
        certificate_id = certificate.pk
        transaction.on_commit(lambda: _enqueue_render(certificate_id))
    return certificate


def issue_missing_certificates(*, render: bool = True) -> int:
    """Certificates for completions that should have one and have none; returns how many.

    Issuing runs after the completion commits and a failure there is only logged (the officer's
    result stands), so this is the repair: safe to run at any time, from cron or by hand, as
    issue_certificate is idempotent. A revoked certificate is a certificate: it is not reissued.
    """
    missing = (
        Completion.objects.filter(
            certificates__isnull=True,
            course__issues_certificate=True,
            kind=Completion.Kind.CERTIFYING,
        )
        .exclude(method=Completion.Method.MANUAL)
        .select_related("course")
    )
    return sum(1 for c in missing.iterator() if issue_certificate(completion=c, render=render))


def renders_in_background() -> bool:
    """Whether issuing hands the PDF to a task worker (TASKS_BACKEND set to a real queue).

    django-tasks' ImmediateBackend runs a task inside the request that enqueues it: the PDF
    (tens of ms) would be rendered inside the officer's quiz submission, 200 of them at once at
    roll call. With it the first download renders instead (ensure_certificate_pdf).
    """
    return not isinstance(render_certificate_task.get_backend(), ImmediateBackend)


def _supersede_earlier(*, certificate: Certificate, completion: Completion) -> None:
    """Link the renewal chain: the earlier certificate is renewed by this one (only certifying
    completions have certificates)."""
    if completion.user_id is None or completion.course_id is None:
        return
    Certificate.objects.filter(
        completion__user_id=completion.user_id,
        completion__course_id=completion.course_id,
        completion__completed_at__lt=completion.completed_at,
        superseded_by__isnull=True,
    ).exclude(pk=certificate.pk).update(superseded_by=certificate)
    # A completion recorded late (back-dated) is itself superseded by a later one.
    later = (
        Certificate.objects.filter(
            completion__user_id=completion.user_id,
            completion__course_id=completion.course_id,
            completion__completed_at__gt=completion.completed_at,
        )
        .order_by("completion__completed_at")
        .first()
    )
    if later is not None:
        Certificate.objects.filter(pk=certificate.pk).update(superseded_by=later)
        certificate.superseded_by = later


def _enqueue_render(certificate_id: int) -> None:
    render_certificate_task.enqueue(certificate_id)


# ---------------------------------------------------------------------------------------------
# ORS actions


def regenerate_certificate(
    *, certificate: Certificate, by, reason: str, corrected_name: str = ""
) -> CertificateFile:
    """Render a new PDF (after a name correction or a design change); the old file stays."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is regenerated."})
    if certificate.status == Certificate.Status.REVOKED:
        raise ValidationError("A revoked certificate cannot be regenerated.")
    template = CertificateTemplate.objects.filter(is_default=True).first() or certificate.template
    certificate.template = template
    if corrected_name.strip():
        certificate.full_name = corrected_name.strip()
    if template is not None:
        certificate.signatory_name = template.signatory_name
        certificate.signatory_title = template.signatory_title
    pdf = render_certificate_pdf(certificate=certificate)
    with transaction.atomic():
        certificate.save(
            update_fields=[
                "template",
                "full_name",
                "signatory_name",
                "signatory_title",
                "updated_at",
            ]
        )
        return store_certificate_pdf(certificate=certificate, pdf=pdf, reason=reason, user=by)


def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke with a reason. The certificate stays, and its verification page says revoked."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for revoking the certificate."})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status == Certificate.Status.REVOKED:
            raise ValidationError("This certificate is already revoked.")
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.save(
            update_fields=["status", "revoked_at", "revoked_reason", "revoked_by", "updated_at"]
        )
    return locked
