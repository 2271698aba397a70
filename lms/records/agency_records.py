"""What an agency may read of one person's training record.

The rule (docs/security.md, "Consent: who can add a person to an agency"): a supervisor sees
what belongs to their agency, namely completions recorded while the person was a member of it
(the completion's agency snapshot), the agency's assignments and its roll-call sessions, plus the
certificates the person holds from elsewhere, reduced to what /verify/ shows anyone holding the
code (course, state, dates, code). Another agency's scores, notes, methods, minutes and attempts
are never shown. Every supervisor page about one person reads through here.

The same rule decides what an agency's pages count toward a person's status and dates
(`countable_for_agency_q`: the matrix, the officer page, the exports, the assignments list,
roll-call make-ups, the digest): the agency's own completions and the completions behind
certificates anyone could verify. Training another agency recorded without a certificate (past
training, refreshers) and revoked certificates count for nothing there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lms.models import Agency, Completion


def recorded_in_agency_q(agency: Agency, prefix: str = "") -> Q:
    """Completions recorded while the person was a member of `agency` (its snapshot)."""
    return Q(**{f"{prefix}agency": agency})


def countable_for_agency_q(agency: Agency) -> Q:
    """For a Completion queryset: what `agency`'s pages may count toward a person's training
    status and dates. Recorded in the agency, or recorded elsewhere (another agency, or no
    agency) with a certificate that is not revoked: its course, state and dates are what
    /verify/ shows anyone holding the code. Another agency's past-training records and
    refreshers (they issue no certificate) and revoked certificates count for nothing here.

    Grouped queries filter their rows with it (WHERE) rather than each aggregate (FILTER):
    SQLite never merges aggregates whose expression holds a subquery, so every reference to a
    filtered aggregate (a CASE names the same one several times) is computed again for every
    row. Filtered once in WHERE, the agency's dashboard query costs what the raw SQL over the
    same rows does, and the planner still starts from the agency's members."""
    own = recorded_in_agency_q(agency)
    try:
        Certificate = apps.get_model("certificates", "Certificate")
    except LookupError:  # lms does not depend on certificates
        return own
    verifiable = Certificate.objects.filter(completion=OuterRef("pk"), revoked_at__isnull=True)
    return own | Q(Exists(verifiable))


def agency_completions_of(*, agency: Agency, person) -> QuerySet[Completion]:
    """The person's completions the agency may read in full (method, score, note, minutes)."""
    return Completion.objects.filter(recorded_in_agency_q(agency), user=person).order_by(
        "-completed_at"
    )


@dataclass(frozen=True)
class HeldCertificate:
    """A certificate from another agency, as the public verification page shows it."""

    course_title: str
    state: str
    state_label: str
    completed_on: date
    expires_on: date | None
    code: str
    verify_url: str


def certificates_held_elsewhere(*, agency: Agency, person) -> list[HeldCertificate]:
    """The person's current certificates for training recorded outside `agency` (a transfer,
    training before joining): public facts only. Superseded certificates are left out."""
    try:
        Certificate = apps.get_model("certificates", "Certificate")
    except LookupError:  # lms does not depend on certificates
        return []
    today = timezone.localdate()
    certificates = (
        Certificate.objects.filter(completion__user=person, superseded_by__isnull=True)
        .exclude(recorded_in_agency_q(agency, prefix="completion__"))
        .only("course_title", "status", "completed_on", "expires_on", "code", "revoked_at")
        .order_by("course_title", "-completed_on")
    )
    held = []
    for certificate in certificates:
        state = certificate.verification_state(today)
        held.append(
            HeldCertificate(
                course_title=certificate.course_title,
                state=state,
                state_label=str(Certificate.State(state).label),
                completed_on=certificate.completed_on,
                expires_on=certificate.expires_on,
                code=certificate.code,
                verify_url=reverse("certificates:verify", kwargs={"code": certificate.code}),
            )
        )
    return held
