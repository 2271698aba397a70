from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "People, agencies and training records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from lms import audit, checks, onboarding_receivers, receivers  # noqa: F401
        from lms.people.permissions import sync_after_migrate

        post_migrate.connect(sync_after_migrate, dispatch_uid="lms.sync_ors_staff_permissions")
