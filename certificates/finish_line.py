"""The finish line: what a person sees the moment a course is complete, and on the course page
of a completed course (the certificate, the wallet card, the expiry and what to do next)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

from certificates.models import Certificate, QuickReferenceCard

if TYPE_CHECKING:
    from lms.todo import OfficerTodo, TodoItem


@dataclass(frozen=True)
class FinishLine:
    course_title: str
    certificate: Certificate | None
    expires_on: date | None
    renewal_opens_on: date | None
    download_url: str = ""
    wallet_card_url: str = ""
    verify_url: str = ""
    page_url: str = ""
    next_item: TodoItem | None = None
    todo_count: int = 0


def current_certificate_for(*, user, course) -> Certificate | None:
    """The certificate of the person's latest cycle on the course: valid, not renewed or
    reissued since."""
    return (
        Certificate.objects.filter(
            completion__user=user,
            completion__course=course,
            status=Certificate.Status.VALID,
            superseded_by__isnull=True,
        )
        .order_by("-completion__completed_at", "-pk")
        .first()
    )


def certificate_links(certificate: Certificate) -> dict[str, str]:
    """The links every view of a certificate offers its holder."""
    has_card = QuickReferenceCard.objects.exists()
    return {
        "download_url": certificate.get_download_url(),
        "wallet_card_url": (
            reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
            if has_card
            else ""
        ),
        "verify_url": certificate.get_verification_path(),
        "page_url": reverse("certificates:detail", kwargs={"code": certificate.code}),
    }


def finish_line_for(*, user, course, standing, todo: OfficerTodo) -> FinishLine:
    """The finish line of a completed course (`standing` valid, lms.records.training_status); what to
    do next comes from the person's to-do list (lms.todo, passed in: it reads every app)."""
    certificate = current_certificate_for(user=user, course=course)
    others = [item for item in todo.items if item.title != course.title]
    valid_until = standing.valid_until
    opens = standing.renewal_opens_at
    return FinishLine(
        course_title=course.title,
        certificate=certificate,
        expires_on=(certificate.expires_on if certificate else None)
        or (valid_until.date() if valid_until else None),
        renewal_opens_on=opens.date() if opens else None,
        next_item=others[0] if others else None,
        todo_count=len(others),
        **(certificate_links(certificate) if certificate else {}),
    )
