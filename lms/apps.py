from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "People, agencies and training records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import receivers  # noqa: F401 - connects signal receivers
