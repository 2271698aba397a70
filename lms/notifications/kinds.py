"""The registry of notification kinds: who receives each, and whether it may be turned off.

Add a kind here (and, when it needs more than a title, body and link, a template
`lms/email/notification_<slug>_message.txt`/`.html`); nothing else lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ORS = "ors"


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    audience: Audience
    when: str
    # Required kinds are about duties or records (an assignment, a certificate): a person
    # cannot turn them off, and their e-mails carry no List-Unsubscribe header.
    required: bool = False
    # Dotted path of a function (notification) -> list[(filename, bytes, mimetype)], so an app
    # can attach its files without lms importing it.
    attachments: str = ""
    # Dotted path of a function (notification, now) -> dict of extra e-mail template context,
    # for kinds whose e-mail says more than the in-app entry (the weekly digest).
    email_context: str = ""
    # Dotted path of a predicate (notification) -> bool: True when the e-mail has nothing left
    # to tell by the time the worker reaches it (every join request already answered).
    stale_if: str = ""
    # False: in-app entry only, because something else already e-mails it (Wagtail's own
    # moderation e-mail to reviewers), so nobody gets the same news twice.
    email: bool = True


JOIN_REQUESTS = "join_requests"
SUPERVISOR_DIGEST = "supervisor_digest"
JOIN_APPROVED = "join_approved"
JOIN_DECLINED = "join_declined"
ASSIGNMENT_NEW = "assignment_new"
ASSIGNMENT_DUE_SOON = "assignment_due_soon"
ASSIGNMENT_OVERDUE = "assignment_overdue"
MAKEUP_ASSIGNED = "makeup_assigned"
CERTIFICATE_ISSUED = "certificate_issued"
RENEWAL_WINDOW_OPEN = "renewal_window_open"
EXPIRING_SOON = "expiring_soon"
SOP_TO_ACKNOWLEDGE = "sop_to_acknowledge"
PROGRAM_REGISTRATION = "program_registration"
ASSISTANCE_REQUEST = "assistance_request"
COURSE_REVIEW = "course_review"

KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            JOIN_APPROVED,
            "Your request to join an agency was approved",
            Audience.OFFICER,
            "when a supervisor approves your request to join",
        ),
        Kind(
            JOIN_DECLINED,
            "Your request to join an agency was declined",
            Audience.OFFICER,
            "when a supervisor declines your request to join",
        ),
        Kind(
            ASSIGNMENT_NEW,
            "A course assigned to you, with its due date",
            Audience.OFFICER,
            "when a supervisor or ORS assigns you a course",
            required=True,
        ),
        Kind(
            ASSIGNMENT_DUE_SOON,
            "An assigned course is due in 7 days",
            Audience.OFFICER,
            "7 days before an assigned course is due, if you have not completed it",
        ),
        Kind(
            ASSIGNMENT_OVERDUE,
            "An assigned course is overdue",
            Audience.OFFICER,
            "the day after an assigned course was due, if you have not completed it",
            required=True,
        ),
        Kind(
            MAKEUP_ASSIGNED,
            "A make-up for a missed roll-call session",
            Audience.OFFICER,
            "when your supervisor assigns a make-up for a session you missed",
            required=True,
        ),
        Kind(
            CERTIFICATE_ISSUED,
            "A certificate issued to you (the PDF attached)",
            Audience.OFFICER,
            "when you complete a course that grants a certificate",
            required=True,
            attachments="certificates.notifications.certificate_pdf_attachments",
        ),
        Kind(
            RENEWAL_WINDOW_OPEN,
            "You can renew a course now",
            Audience.OFFICER,
            "when the renewal window of a course you hold opens",
        ),
        Kind(
            EXPIRING_SOON,
            "Your training expires in 30 days, then in 7 days",
            Audience.OFFICER,
            "30 days and 7 days before a course you hold expires",
        ),
        Kind(
            SOP_TO_ACKNOWLEDGE,
            "An SOP (or a new SOP version) to acknowledge",
            Audience.OFFICER,
            "when your agency adopts an SOP or a new version of it",
            required=True,
        ),
        Kind(
            JOIN_REQUESTS,
            "Join requests waiting for your approval",
            Audience.SUPERVISOR,
            "when someone asks to join your agency (at most one e-mail an hour per agency)",
            stale_if="lms.notifications.events.no_join_requests_waiting",
        ),
        Kind(
            SUPERVISOR_DIGEST,
            "Weekly digest: who is expiring or overdue",
            Audience.SUPERVISOR,
            "once a week, when someone in your agency is expiring or overdue",
            email_context="lms.reminders.digest_email_context",
        ),
        Kind(
            PROGRAM_REGISTRATION,
            "A new program registration",
            Audience.ORS,
            "when an agency registers its program",
        ),
        Kind(
            ASSISTANCE_REQUEST,
            "A new technical-assistance request",
            Audience.ORS,
            "when a supervisor asks for technical assistance",
        ),
        Kind(
            COURSE_REVIEW,
            "A course submitted for review",
            Audience.ORS,
            "when an author submits a course for review (reviewers only; the e-mail is "
            "Wagtail's own moderation e-mail)",
            email=False,
        ),
    )
}


def kind(slug: str) -> Kind:
    return KINDS[slug]


def kinds_for(audiences: set[Audience]) -> list[Kind]:
    """The kinds a person may receive, in registry order (officer, supervisor, ORS)."""
    return [k for k in KINDS.values() if k.audience in audiences]
