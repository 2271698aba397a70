"""What the signed-in person may do, worked out once per request (and kept in the session).

The MFA middleware, the navigation and the templates all ask the same questions on every page:
ORS staff? supervises an agency? needs a second factor? has one? may open the admin? Asked one by
one that is 5-7 queries per page. Here they are answered together, once per request, and kept in
the session under the person's access stamp (lms.freshness), so a promotion, a new group or a
removed authenticator is seen on the very next request, by every worker, while finishing a quiz
or reading a lesson (which change nothing here) costs no recomputation and no session write.

The decisions themselves stay in lms.access and lms.mfa; this module only remembers them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.http import HttpRequest

from lms import freshness

SESSION_KEY = "lms_roles"
# Bumped whenever the rules in lms.access change, so roles a session remembered under the old
# rules (say, before admin access required MFA) are worked out again on the next request.
RULES_VERSION = 2


@dataclass(frozen=True)
class Roles:
    is_ors_staff: bool = False
    supervises_any: bool = False
    needs_mfa: bool = False
    has_totp: bool = False
    can_use_admin: bool = False


ANONYMOUS = Roles()


def _work_out(user) -> Roles:
    from lms.access import can_use_admin, holds_supervisory_role, is_ors_staff, mfa_required_for
    from lms.mfa import has_totp

    ors_staff = is_ors_staff(user)
    supervisory = holds_supervisory_role(user)
    admin_access = can_use_admin(user)
    needs_mfa = mfa_required_for(
        user, ors_staff=ors_staff, supervisory=supervisory, admin_access=admin_access
    )
    return Roles(
        is_ors_staff=ors_staff,
        supervises_any=ors_staff or supervisory,
        needs_mfa=needs_mfa,
        has_totp=needs_mfa and has_totp(user),  # only asked when it matters
        can_use_admin=admin_access,
    )


def roles_for(request: HttpRequest) -> Roles:
    """The person's roles, computed at most once per request."""
    cached = getattr(request, "_lms_roles", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        roles = ANONYMOUS
    elif freshness.stamps_are_shared() and hasattr(request, "session"):
        roles = _from_session(request, user)
    else:
        roles = _work_out(user)
    request._lms_roles = roles
    return roles


def _from_session(request: HttpRequest, user) -> Roles:
    stamp = "/".join(freshness.access_stamps_for_request(request, user.pk))
    saved = request.session.get(SESSION_KEY)
    if (
        saved
        and saved.get("user") == user.pk
        and saved.get("stamp") == stamp
        and saved.get("rules") == RULES_VERSION
    ):
        return Roles(**saved["roles"])
    roles = _work_out(user)
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "stamp": stamp,
        "rules": RULES_VERSION,
        "roles": asdict(roles),
    }
    return roles
