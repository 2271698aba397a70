from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates and printables"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates import checks, receivers  # noqa: F401  (registers checks and listener)
