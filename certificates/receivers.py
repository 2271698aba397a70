"""Certificates follow the completion ledger: one per completion of a course that grants one."""

from __future__ import annotations

from django.dispatch import receiver

from certificates.issuing import issue_certificate
from certificates.notifications import certificate_issued
from lms.signals import completion_recorded


@receiver(completion_recorded, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, *, completion, **kwargs) -> None:
    certificate = issue_certificate(completion=completion)
    if certificate is not None:
        certificate_issued(certificate=certificate)
