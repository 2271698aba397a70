"""Program registration and technical-assistance requests: the work the public forms call."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from cms.conf import app_settings
from cms.models import ProgramRegistration, TechnicalAssistanceRequest
from lms.conf import app_settings as lms_settings
from lms.models import Agency
from lms.notifications import events as notification_events
from lms.ratelimit import Limit, allow_attempt

REGISTRATION_WINDOW_SECONDS = 60 * 60


def registration_rate_limited(*, ip: str, scope: str = "register") -> bool:
    """Count one submission from the client address `ip` (lms.client_ip.client_network);
    True when it is over the limit for the window."""
    limit = Limit(
        scope=f"cms-{scope}",
        attempts=app_settings.registration_rate_limit,
        seconds=REGISTRATION_WINDOW_SECONDS,
    )
    return not allow_attempt(limit, key=ip)


def register_program(*, data: dict) -> ProgramRegistration:
    """Store a registration and create (or link) its agency, pending ORS review.

    A new agency starts inactive (its program status from the form) until ORS reviews it; an
    existing agency of the same name is linked and left unchanged.
    """
    with transaction.atomic():
        agency = Agency.objects.filter(name__iexact=data["agency_name"].strip()).first()
        if agency is None:
            agency = Agency.objects.create(
                name=data["agency_name"].strip(),
                agency_type=data["agency_type"],
                county=data["county"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data.get("contact_phone", ""),
                program_status=_program_status_for(data["program_stage"]),
                is_active=False,
            )
        registration = ProgramRegistration.objects.create(agency=agency, **data)
        transaction.on_commit(lambda: send_registration_confirmation(registration=registration))
        notification_events.program_registered(registration=registration)
    return registration


def _program_status_for(stage: str) -> str:
    return {
        ProgramRegistration.Stage.EXPLORING: Agency.ProgramStatus.INTERESTED,
        ProgramRegistration.Stage.PLANNING: Agency.ProgramStatus.PLANNING,
        ProgramRegistration.Stage.LAUNCHING: Agency.ProgramStatus.PLANNING,
        ProgramRegistration.Stage.ACTIVE: Agency.ProgramStatus.ACTIVE,
    }.get(stage, Agency.ProgramStatus.INTERESTED)


def send_registration_confirmation(*, registration: ProgramRegistration) -> None:
    context = {"registration": registration, "site_url": lms_settings.site_url}
    subject = render_to_string("cms/email/registration_received_subject.txt", context).strip()
    message = render_to_string("cms/email/registration_received_message.txt", context)
    send_mail(subject, message, None, [registration.contact_email])


def request_technical_assistance(*, user, agency: Agency, data: dict) -> TechnicalAssistanceRequest:
    """Store a supervisor's request and confirm it by e-mail once it is committed."""
    with transaction.atomic():
        ta_request = TechnicalAssistanceRequest.objects.create(
            agency=agency,
            requested_by=user,
            requester_name=user.get_full_name() or user.email,
            requester_email=user.email,
            **data,
        )
        transaction.on_commit(lambda: send_assistance_confirmation(ta_request=ta_request))
        notification_events.assistance_requested(ta_request=ta_request)
    return ta_request


def send_assistance_confirmation(*, ta_request: TechnicalAssistanceRequest) -> None:
    context = {"ta_request": ta_request, "site_url": lms_settings.site_url}
    subject = render_to_string("cms/email/assistance_requested_subject.txt", context).strip()
    message = render_to_string("cms/email/assistance_requested_message.txt", context)
    send_mail(subject, message, None, [ta_request.requester_email])
