"""allauth hooks: finish a join started at /join/<code>/ after sign-up or log-in."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.signals import (
    email_confirmed,
    password_reset,
    user_logged_in,
    user_signed_up,
)
from django.dispatch import receiver

from lms.people.onboarding import activate_verified_domain_memberships, finish_join_from_session


@receiver(user_signed_up, dispatch_uid="lms.join_after_signup")
def join_after_signup(sender, request, user, **kwargs) -> None:
    if request is not None:
        finish_join_from_session(request=request, user=user)


@receiver(user_logged_in, dispatch_uid="lms.join_after_login")
def join_after_login(sender, request, user, **kwargs) -> None:
    if request is not None:
        finish_join_from_session(request=request, user=user)


@receiver(email_confirmed, dispatch_uid="lms.activate_domain_memberships")
def activate_after_email_confirmed(sender, request, email_address, **kwargs) -> None:
    if email_address.user_id and email_address.email.lower() == email_address.user.email.lower():
        activate_verified_domain_memberships(user=email_address.user)


@receiver(password_reset, dispatch_uid="lms.verify_email_on_invitation")
def verify_email_after_password_set(sender, request, user, **kwargs) -> None:
    """The set-password link was e-mailed to the address, so following it proves the address.

    Invited officers would otherwise need a second confirmation e-mail before they can log in.
    """
    EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).update(
        verified=True
    )
    activate_verified_domain_memberships(user=user)
