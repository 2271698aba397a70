"""Joining an agency: by join code (link or QR code), approval by a supervisor, leaving.

The join code travels in the session from `/join/<code>/` through allauth's sign-up or log-in;
lms.onboarding_receivers finishes the join when allauth reports the sign-up or log-in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import segno
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lms.client_ip import client_network
from lms.conf import absolute_url, app_settings
from lms.models import Agency, Membership
from lms.notifications import events as notification_events
from lms.ratelimit import Limit, count_attempt, limit_reached
from lms.records.assignments import assign_standing_courses

SESSION_JOIN_CODE = "lms_join_code"
SESSION_JOIN_RESULT = "lms_join_result"


class JoinRefused(Exception):
    """The join cannot go ahead; the message is shown to the person as it is."""


@dataclass(frozen=True)
class JoinResult:
    membership: Membership
    created: bool

    @property
    def is_pending(self) -> bool:
        return self.membership.status == Membership.Status.PENDING


def normalise_join_code(code: str) -> str:
    """Codes are printed in capitals; people type them in any case, with spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def agency_for_join_code(code: str) -> Agency | None:
    """The active agency with this code, or None (wrong, mistyped or rotated code)."""
    code = normalise_join_code(code)
    if not code or len(code) > 16:
        return None
    return Agency.objects.filter(join_code=code, is_active=True).first()


def _wrong_code_limit() -> Limit:
    attempts, seconds = app_settings.join_rate_limit
    return Limit(scope="join-wrong-code", attempts=attempts, seconds=seconds)


def join_attempts_exhausted(request: HttpRequest) -> bool:
    """Too many wrong codes from this client address lately (guessing codes is what we stop;
    a whole roll call scanning the right code from one station network is not limited)."""
    return limit_reached(_wrong_code_limit(), key=client_network(request))


def record_failed_join_attempt(request: HttpRequest) -> None:
    count_attempt(_wrong_code_limit(), key=client_network(request))


def join_url(agency: Agency) -> str:
    return absolute_url(reverse("lms:join", kwargs={"code": agency.join_code}))


def join_start_address() -> str:
    """Where an officer without a camera types the code, as printed under the QR code: the
    configured site's address without the scheme (127.0.0.1:8801/join/)."""
    return absolute_url(reverse("lms:join_start")).split("://", 1)[-1]


def join_qr_svg(agency: Agency) -> str:
    """The join link as an inline SVG QR code (scales to any screen at roll call)."""
    qr = segno.make(join_url(agency), error="m")
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        svgns=True,
        title=escape(f"QR code to join {agency.name}"),  # segno writes the title as given
        svgclass="join-qr",
        lineclass=None,
        omitsize=True,
    )
    return out.getvalue().decode()


def _email_is_verified(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def join_agency(*, user, agency: Agency) -> JoinResult:
    """Make the person a member of the agency.

    An e-mail in the agency's allowed domains joins at once, once the address is verified (an
    unverified one waits and is activated by `activate_verified_domain_memberships`); any other
    address waits for a supervisor's approval. Joining the agency one is already in changes
    nothing; becoming active in a new agency ends the old officer membership (history stays).
    """
    if not agency.is_active:
        raise JoinRefused("This agency is not taking new members.")
    current = (
        Membership.objects.select_for_update()
        .filter(user=user, agency=agency)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if current is not None:
        return JoinResult(membership=current, created=False)
    active_now = agency.allows_email(user.email) and _email_is_verified(user)
    membership = Membership.objects.create(
        user=user,
        agency=agency,
        role=Membership.Role.OFFICER,
        status=Membership.Status.ACTIVE if active_now else Membership.Status.PENDING,
        started_on=timezone.localdate() if active_now else None,
    )
    if active_now:
        _membership_started(membership)
    else:
        notification_events.join_requested(membership=membership)
    return JoinResult(membership=membership, created=True)


def _membership_started(membership: Membership, *, decided_by=None) -> None:
    """A membership became active: one agency at a time for officers; standing assignments."""
    _end_other_officer_memberships(membership, decided_by=decided_by)
    assign_standing_courses(membership=membership)


def _end_other_officer_memberships(membership: Membership, *, decided_by=None) -> None:
    """An officer serves in one agency at a time; supervisory roles elsewhere are kept."""
    today = timezone.localdate()
    others = Membership.objects.filter(
        user_id=membership.user_id, role=Membership.Role.OFFICER
    ).exclude(pk=membership.pk)
    for other in others.exclude(status=Membership.Status.ENDED):
        end_membership(membership=other, decided_by=decided_by, today=today)


def end_membership(*, membership: Membership, decided_by=None, today=None) -> Membership:
    """Leaving an agency: the membership ends, every record about the person stays."""
    if membership.status == Membership.Status.ENDED:
        return membership
    today = today or timezone.localdate()
    was_active = membership.status == Membership.Status.ACTIVE
    membership.status = Membership.Status.ENDED
    if membership.started_on is not None and membership.started_on > today:
        membership.started_on = today
    if was_active and membership.started_on is None:
        # A start date marks a membership that was held (a declined request has none), which
        # is what may be restored (restorable_memberships).
        membership.started_on = min(timezone.localdate(membership.created_at), today)
    membership.ended_on = today
    membership.decided_by = decided_by
    membership.save(update_fields=["status", "ended_on", "started_on", "decided_by", "updated_at"])
    return membership


UNDO_END_DAYS = 30


class RestoreRefused(Exception):
    """The ended membership cannot be restored; the message is shown as it is."""


def restorable_memberships(*, agency, today=None):
    """Memberships of the agency ended (not declined) in the last UNDO_END_DAYS days."""
    today = today or timezone.localdate()
    return Membership.objects.filter(
        agency=agency,
        status=Membership.Status.ENDED,
        started_on__isnull=False,
        ended_on__gte=today - timedelta(days=UNDO_END_DAYS),
    )


@transaction.atomic
def restore_membership(*, membership: Membership, decided_by, today=None) -> Membership:
    """Undo "left the agency" within UNDO_END_DAYS: the same membership is active again, as if
    it had never ended (records never left)."""
    today = today or timezone.localdate()
    if (
        not restorable_memberships(agency=membership.agency, today=today)
        .filter(pk=membership.pk)
        .exists()
    ):
        raise RestoreRefused(
            f"Only a membership ended in the last {UNDO_END_DAYS} days can be restored."
        )
    current = Membership.objects.filter(user_id=membership.user_id, agency_id=membership.agency_id)
    if current.exclude(status=Membership.Status.ENDED).exists():
        raise RestoreRefused("This person is already a member again, or has asked to join.")
    membership.status = Membership.Status.ACTIVE
    membership.ended_on = None
    membership.decided_by = decided_by
    membership.save(update_fields=["status", "ended_on", "decided_by", "updated_at"])
    return membership


@transaction.atomic
def approve_membership(*, membership: Membership, decided_by) -> Membership:
    if membership.status != Membership.Status.PENDING:
        return membership
    membership.status = Membership.Status.ACTIVE
    membership.started_on = timezone.localdate()
    membership.decided_by = decided_by
    membership.save(update_fields=["status", "started_on", "decided_by", "updated_at"])
    _membership_started(membership, decided_by=decided_by)
    if decided_by is not None and decided_by.pk != membership.user_id:
        # A supervisor decided (not the person accepting an invitation, nor a verified domain).
        notification_events.membership_decided(membership=membership, approved=True)
    return membership


@transaction.atomic
def decline_membership(*, membership: Membership, decided_by) -> Membership:
    """A declined request is kept as an ended membership that never started."""
    if membership.status != Membership.Status.PENDING:
        return membership
    membership = end_membership(membership=membership, decided_by=decided_by)
    if decided_by is not None:
        notification_events.membership_decided(membership=membership, approved=False)
    return membership


def activate_verified_domain_memberships(*, user) -> int:
    """After an e-mail is verified: pending memberships in agencies allowing its domain start."""
    activated = 0
    pending = Membership.objects.filter(user=user, status=Membership.Status.PENDING)
    for membership in pending.select_related("agency"):
        if membership.agency.allows_email(user.email):
            approve_membership(membership=membership, decided_by=None)
            activated += 1
    return activated


def finish_join_from_session(*, request: HttpRequest, user) -> JoinResult | None:
    """Called when allauth reports a sign-up or log-in: join the agency whose link was used."""
    code = request.session.pop(SESSION_JOIN_CODE, None)
    if not code:
        return None
    agency = agency_for_join_code(code)
    if agency is None:  # rotated while the person was signing up
        request.session[SESSION_JOIN_RESULT] = "rotated"
        return None
    try:
        result = join_agency(user=user, agency=agency)
    except JoinRefused:
        request.session[SESSION_JOIN_RESULT] = "refused"
        return None
    request.session[SESSION_JOIN_RESULT] = "pending" if result.is_pending else "joined"
    return result
