from django.apps import AppConfig


class RollCallConfig(AppConfig):
    """Roll-call sessions: check-in, attendance, attestation and make-up assignments."""

    name = "lms.rollcall"
    label = "rollcall"
    verbose_name = "Roll-call sessions"
    default_auto_field = "django.db.models.BigAutoField"
