"""The certificates app's tunable settings: one typed object, `app_settings`, with defaults.

Properties read Django's settings when asked (allauth's `app_settings` style), so
`override_settings` works and no other module reads these names.
"""

from __future__ import annotations

from django.conf import settings


class CertificatesSettings:
    """Typed, read-at-call-time access to the certificates app's settings."""

    @staticmethod
    def _setting(name: str, default):
        return getattr(settings, name, default)

    @property
    def verify_rate_limit(self) -> tuple[int, int]:
        """CERTIFICATES_VERIFY_LIMIT and CERTIFICATES_VERIFY_WINDOW_SECONDS: (lookups, seconds)
        allowed per client address on the public verification pages."""
        return (
            int(self._setting("CERTIFICATES_VERIFY_LIMIT", 30)),
            int(self._setting("CERTIFICATES_VERIFY_WINDOW_SECONDS", 60)),
        )

    @property
    def zip_max_certificates(self) -> int:
        """CERTIFICATES_ZIP_MAX: the most certificates one zip download holds (bigger
        selections are refused, not cut)."""
        return int(self._setting("CERTIFICATES_ZIP_MAX", 500))

    @property
    def pdf_font_dir(self) -> str:
        """PDF_FONT_DIR: a folder holding the DejaVu fonts, when Debian's are not installed."""
        return str(self._setting("PDF_FONT_DIR", "") or "")

    # Open Badges credentials (certificates.credentials); docs/operations.md says how to rotate.
    @property
    def credential_issuer_name(self) -> str:
        """CREDENTIAL_ISSUER_NAME: the issuer named in credentials and on LinkedIn ("" = default)."""
        return str(self._setting("CREDENTIAL_ISSUER_NAME", "") or "")

    @property
    def credential_linkedin_organization_id(self) -> str:
        """CREDENTIAL_LINKEDIN_ORGANIZATION_ID: the issuer's LinkedIn page, when it has one."""
        return str(self._setting("CREDENTIAL_LINKEDIN_ORGANIZATION_ID", "") or "")

    @property
    def email_rate_limit(self) -> tuple[int, int]:
        """CERTIFICATES_EMAIL_RATE_LIMIT: (e-mails, seconds) of "E-mail me my certificate" per
        person."""
        attempts, seconds = self._setting("CERTIFICATES_EMAIL_RATE_LIMIT", (3, 3600))
        return int(attempts), int(seconds)

    @property
    def credential_signing_key(self) -> str:
        """CREDENTIAL_SIGNING_KEY: the private key credentials are signed with (PEM or base64)."""
        return str(self._setting("CREDENTIAL_SIGNING_KEY", "") or "")

    @property
    def credential_previous_public_keys(self) -> str:
        """CREDENTIAL_PREVIOUS_PUBLIC_KEYS: retired keys still published, so old credentials
        keep verifying."""
        return str(self._setting("CREDENTIAL_PREVIOUS_PUBLIC_KEYS", "") or "")


app_settings = CertificatesSettings()
