"""Who may see what. Every view that takes an id goes through these selectors and returns 404
(never 403) for another agency's object.

Roles: an officer sees their own records; a supervisor or agency administrator sees their
agency's; ORS staff (the "ORS staff" group, or a superuser) see everything.
"""

from __future__ import annotations

from functools import cache

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import router
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from lms.models import Agency, Assignment, Completion, Invitation, Membership
from lms.prepared_sql import PreparedStatement, prepare, stand_in_id

ORS_STAFF_GROUP = "ORS staff"
SUPERVISORY_ROLES = (Membership.Role.SUPERVISOR, Membership.Role.AGENCY_ADMIN)


def is_ors_staff(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ORS_STAFF_GROUP).exists()


def supervised_agencies(user) -> QuerySet[Agency]:
    """Agencies the user supervises (all of them for ORS staff)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if is_ors_staff(user):
        return Agency.objects.all()
    return agencies_held_in_a_supervisory_role(user)


def agencies_held_in_a_supervisory_role(user) -> QuerySet[Agency]:
    """The agencies of the user's active supervisor and agency administrator memberships: what
    `supervised_agencies` gives someone known not to be ORS staff (lms.roles knows), without
    asking again."""
    return Agency.objects.filter(
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=SUPERVISORY_ROLES,
    ).distinct()


def completions_visible_to(user) -> QuerySet[Completion]:
    if not user.is_authenticated:
        return Completion.objects.none()
    if is_ors_staff(user):
        return Completion.objects.all()
    own = Completion.objects.filter(user=user)
    agency_ids = list(supervised_agencies(user).values_list("pk", flat=True))
    if not agency_ids:
        return own
    return Completion.objects.filter(agency_id__in=agency_ids) | own


def current_memberships(user) -> QuerySet[Membership]:
    """The person's active memberships, the current one first: the latest start date (a
    membership without one last, on every database), then the latest created."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).order_by(
        F("started_on").desc(nulls_last=True), "-created_at", "-pk"
    )


def current_membership(user) -> Membership | None:
    """The person's current membership (see current_memberships), or None. The only
    definition: the ledger's agency snapshot, joining and the dashboards all ask here."""
    return current_memberships(user).select_related("agency").first()


def is_supervisor(user) -> bool:
    """Supervisor or agency administrator of at least one agency (ORS staff count too)."""
    return user.is_authenticated and (is_ors_staff(user) or holds_supervisory_role(user))


def holds_supervisory_role(user) -> bool:
    """An active supervisor or agency-administrator membership in some agency."""
    return Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role__in=SUPERVISORY_ROLES
    ).exists()


ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def can_use_admin(user) -> bool:
    """Any group granting Wagtail's admin access (ORS Authors, Reviewers, ...), or a superuser."""
    return user.is_authenticated and user.has_perm(ADMIN_ACCESS_PERMISSION)


def has_totp(user) -> bool:
    """Whether the person has set up an authenticator app (allauth's TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


_ANY_USER = stand_in_id()  # stands for the person's id while the statement is compiled


def _role_facts_queryset(user_pk):
    admin_app, admin_codename = ADMIN_ACCESS_PERMISSION.split(".")
    admin_permission = Permission.objects.filter(
        Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk")),
        content_type__app_label=admin_app,
        codename=admin_codename,
    )
    return (
        get_user_model()
        .objects.filter(pk=user_pk)
        .annotate(
            ors_staff=Exists(Group.objects.filter(user=OuterRef("pk"), name=ORS_STAFF_GROUP)),
            supervisory=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"),
                    status=Membership.Status.ACTIVE,
                    role__in=SUPERVISORY_ROLES,
                )
            ),
            admin_access=Exists(admin_permission),
        )
        .values_list("ors_staff", "supervisory", "admin_access")
    )


@cache
def _role_facts_statement(alias: str) -> PreparedStatement:
    """The ORM's own SQL for the question, compiled once per process and database
    (lms.prepared_sql): compiling three EXISTS subqueries cost about 4 ms of CPU on every
    signed-in request, running them a fraction of that."""
    return prepare(_role_facts_queryset(_ANY_USER), alias=alias, ids={"user": _ANY_USER})


def role_facts(user) -> tuple[bool, bool, bool]:
    """(ORS staff, supervisory role, admin access) in one statement: the three questions every
    signed-in page asks (lms.roles), answered as is_ors_staff, holds_supervisory_role and
    can_use_admin answer them (Django's ModelBackend rules for the admin permission: active
    users, their own or their groups' permissions, superusers hold every permission)."""
    if not user.is_authenticated:
        return False, False, False
    if user.is_superuser and user.is_active:
        return True, holds_supervisory_role(user), True
    alias = router.db_for_read(get_user_model())
    rows = _role_facts_statement(alias).rows(alias, user=user.pk)
    if not rows:
        return False, False, False
    ors_staff, supervisory, admin_access = rows[0]
    return bool(ors_staff), bool(supervisory), bool(admin_access) and user.is_active


def requires_mfa(user) -> bool:
    """Roles that must use a second factor: ORS staff, supervisors, agency administrators, and
    anyone who can reach the Wagtail admin (they change what every officer reads)."""
    if not user.is_authenticated:
        return False
    return mfa_required_for(
        user,
        ors_staff=is_ors_staff(user),
        supervisory=holds_supervisory_role(user),
        admin_access=can_use_admin(user),
    )


def mfa_required_for(user, *, ors_staff: bool, supervisory: bool, admin_access: bool) -> bool:
    """requires_mfa, from answers already known."""
    return user.is_superuser or user.is_staff or ors_staff or supervisory or admin_access


def agency_visible_to_or_404(user, pk) -> Agency:
    """An agency the user supervises (any for ORS staff); 404 otherwise."""
    return get_object_or_404(supervised_agencies(user), pk=pk)


def agency_and_supervised_or_404(user, pk, *, ors_staff: bool) -> tuple[Agency, list[Agency]]:
    """`agency_visible_to_or_404` and the agencies the user holds a supervisory role in (the
    navigation lists them), in one query for a page that shows both. `ors_staff` is what
    lms.roles already worked out for the request: ORS staff may see any agency and have no list."""
    if ors_staff:
        return agency_visible_to_or_404(user, pk), []
    held = list(agencies_held_in_a_supervisory_role(user).order_by("name"))
    agency = next((a for a in held if a.pk == pk), None)
    if agency is None:
        raise Http404("No such agency.")
    return agency, held


def memberships_visible_to(user) -> QuerySet[Membership]:
    """Memberships of the agencies the user supervises, plus the user's own."""
    if not user.is_authenticated:
        return Membership.objects.none()
    if is_ors_staff(user):
        return Membership.objects.all()
    agency_ids = list(supervised_agencies(user).values_list("pk", flat=True))
    return Membership.objects.filter(Q(agency_id__in=agency_ids) | Q(user=user))


def managed_membership_or_404(user, pk) -> Membership:
    """A membership the user may approve, decline or end (not their own): 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    agency_ids = supervised_agencies(user).values("pk")
    return get_object_or_404(
        Membership.objects.filter(agency_id__in=agency_ids)
        .exclude(user=user)
        .select_related("user", "agency"),
        pk=pk,
    )


def open_invitation_of_person_or_404(user, pk) -> Invitation:
    """An open invitation addressed to this person: only they may answer it; 404 otherwise
    (the inviting supervisor included)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Invitation.objects.filter(user=user, status=Invitation.Status.OPEN).select_related(
            "agency"
        ),
        pk=pk,
    )


def open_invitation_of_agency_or_404(user, pk) -> Invitation:
    """An open invitation from an agency the user supervises (to withdraw it); 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Invitation.objects.filter(
            agency_id__in=supervised_agencies(user).values("pk"), status=Invitation.Status.OPEN
        ),
        pk=pk,
    )


def officers_visible_to(user) -> QuerySet:
    """People with an active membership in an agency the user supervises (all for ORS staff)."""
    User = get_user_model()
    if not user.is_authenticated:
        return User.objects.none()
    agency_ids = supervised_agencies(user).values("pk")
    return User.objects.filter(
        memberships__agency_id__in=agency_ids, memberships__status=Membership.Status.ACTIVE
    ).distinct()


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Assignments of the agencies the user supervises, plus the user's own."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    if is_ors_staff(user):
        return Assignment.objects.all()
    agency_ids = list(supervised_agencies(user).values_list("pk", flat=True))
    return Assignment.objects.filter(Q(agency_id__in=agency_ids) | Q(user=user))
