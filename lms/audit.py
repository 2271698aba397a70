"""The audit log: security-relevant events, kept in Wagtail's own log (ModelLogEntry).

Wagtail's log has no edit or delete screens, so administrators can read it (Reports > Site
history, filterable and exportable) but not change it. Other apps record their events with
`audit_event(instance=..., action=..., user=..., data=...)`, using an action from AUDIT_ACTIONS.
"""

from __future__ import annotations

import logging

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lms.client_ip import client_ip

logger = logging.getLogger("rollcall.audit")

AUDIT_ACTIONS = {
    "rollcall.login": ("Signed in", "Signed in"),
    "rollcall.login_failed": ("Failed sign-in", "A sign-in with a wrong password failed"),
    "rollcall.logout": ("Signed out", "Signed out"),
    "rollcall.mfa_added": ("MFA added", "Added a two-factor authenticator"),
    "rollcall.mfa_removed": ("MFA removed", "Removed a two-factor authenticator"),
    "rollcall.mfa_reset": ("MFA codes reset", "Regenerated recovery codes"),
    "rollcall.membership": ("Role or agency changed", "Agency membership or role changed"),
    "rollcall.deactivated": ("Account deactivated", "Account deactivated"),
    "rollcall.reactivated": ("Account reactivated", "Account reactivated"),
    "rollcall.export": ("Export", "Exported records"),
    "rollcall.past_training": ("Past training imported", "Imported records of training elsewhere"),
    "rollcall.certificate_issued": ("Certificate issued", "Certificate issued"),
    "rollcall.certificate_revoked": ("Certificate revoked", "Certificate revoked"),
    "rollcall.certificate_reissued": (
        "Certificate reissued",
        "Certificate reissued with a corrected name",
    ),
    "rollcall.profile_changed": ("Name or badge changed", "Name or badge number corrected"),
}


@hooks.register("register_log_actions")
def register_audit_actions(actions) -> None:
    from django.apps import apps

    actions.register_model(get_user_model(), ModelLogEntry)
    actions.register_model(apps.get_model("lms", "Agency"), ModelLogEntry)
    actions.register_model(apps.get_model("certificates", "Certificate"), ModelLogEntry)
    for action, (label, message) in AUDIT_ACTIONS.items():
        actions.register_action(action, label, message)


def audit_event(*, instance, action: str, user=None, data: dict | None = None):
    """Record one event about `instance` (any saved model instance)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to AUDIT_ACTIONS.")
    user = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    logger.info(
        "%s %s#%s by %s %s", action, instance._meta.model_name, instance.pk, user, data or {}
    )
    return log(instance, action, user=user, data=data or {})


def _client_ip(request) -> str:
    return "" if request is None else client_ip(request)


@receiver(auth_signals.user_logged_in, dispatch_uid="audit.login")
def audit_login(sender, request, user, **kwargs):
    audit_event(instance=user, action="rollcall.login", user=user, data={"ip": _client_ip(request)})


@receiver(auth_signals.user_logged_out, dispatch_uid="audit.logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_event(instance=user, action="rollcall.logout", user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit.login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Failed sign-ins are logged against the account they targeted; attempts on unknown
    # addresses go to the application log only (there is no account to attach them to).
    email = credentials.get("email") or credentials.get("username") or ""
    account = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if account is None:
        logger.warning("Failed sign-in for unknown address from %s", _client_ip(request))
        return
    audit_event(instance=account, action="rollcall.login_failed", data={"ip": _client_ip(request)})


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit.mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs):
    audit_event(
        instance=user, action="rollcall.mfa_added", user=user, data={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit.mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs):
    audit_event(
        instance=user, action="rollcall.mfa_removed", user=user, data={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit.mfa_reset")
def audit_mfa_reset(sender, request, user, authenticator, **kwargs):
    audit_event(
        instance=user, action="rollcall.mfa_reset", user=user, data={"type": authenticator.type}
    )


@receiver(pre_save, sender="lms.User", dispatch_uid="audit.user_active_before")
def remember_previous_active_flag(sender, instance, **kwargs):
    if instance.pk:
        instance._was_active = (
            sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        )


@receiver(post_save, sender="lms.User", dispatch_uid="audit.user_active_after")
def audit_activation_change(sender, instance, created, **kwargs):
    was_active = getattr(instance, "_was_active", None)
    if created or was_active is None or was_active == instance.is_active:
        return
    action = "rollcall.reactivated" if instance.is_active else "rollcall.deactivated"
    audit_event(instance=instance, action=action)


@receiver(post_save, sender="lms.Membership", dispatch_uid="audit.membership")
def audit_membership_change(sender, instance, created, **kwargs):
    audit_event(
        instance=instance.user,
        action="rollcall.membership",
        data={
            "agency": instance.agency.name,
            "agency_id": instance.agency_id,
            "role": instance.role,
            "status": instance.status,
            "created": created,
        },
    )


def audit_export(*, request, agency=None, what: str) -> None:
    """Exports leave the system with personal data: record who took what."""
    instance = agency if agency is not None else request.user
    audit_event(
        instance=instance,
        action="rollcall.export",
        user=request.user,
        data={"what": what, "query": request.GET.urlencode(), "ip": _client_ip(request)},
    )


@receiver(pre_save, sender="certificates.Certificate", dispatch_uid="audit.certificate_before")
def remember_previous_certificate_status(sender, instance, **kwargs):
    if instance.pk:
        instance._previous_status = (
            sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )


@receiver(post_save, sender="certificates.Certificate", dispatch_uid="audit.certificate_after")
def audit_certificate(sender, instance, created, **kwargs):
    if created:
        audit_event(
            instance=instance, action="rollcall.certificate_issued", data={"code": instance.code}
        )
    elif instance.status == "revoked" and getattr(instance, "_previous_status", None) != "revoked":
        audit_event(
            instance=instance,
            action="rollcall.certificate_revoked",
            user=instance.revoked_by,
            data={"code": instance.code, "reason": instance.revoked_reason},
        )
