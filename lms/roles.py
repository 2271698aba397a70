"""What the signed-in person may do, worked out once per request.

The MFA middleware, the navigation and the templates all ask the same questions on every page:
ORS staff? supervises an agency? needs a second factor? has one? may open the admin? Here they are
answered together, once per request, from the database, so a promotion, a new group or a
removed authenticator is seen on the very next request, with nothing kept between requests that
could go stale.

The decisions themselves stay in lms.access; this module only remembers them for the length of
the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from lms.access import has_totp, mfa_required_for, role_facts


@dataclass(frozen=True)
class Roles:
    is_ors_staff: bool = False
    supervises_any: bool = False
    needs_mfa: bool = False
    has_totp: bool = False
    can_use_admin: bool = False


ANONYMOUS = Roles()


def _work_out(user) -> Roles:
    ors_staff, supervisory, admin_access = role_facts(user)  # one statement for all three
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
    roles = ANONYMOUS if user is None or not user.is_authenticated else _work_out(user)
    request._lms_roles = roles
    return roles
