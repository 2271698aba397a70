"""System checks: certificate PDFs need fonts that print every officer's name, and a storage
that nothing serves directly."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks

from certificates.credentials.keys import CredentialKeyError, published_keys, signing_key
from certificates.pdf import font_choice
from certificates.storage import certificate_storage


@checks.register()
def check_pdf_fonts(app_configs, **kwargs):
    choice = font_choice()
    if choice.wide_unicode:
        return []
    return [
        checks.Warning(
            f"PDFs use {choice.source}: names such as 'Łukasz' or 'Nguyễn' will not print.",
            hint="Install Debian's fonts-dejavu-core, or set PDF_FONT_DIR to a folder holding "
            "DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSerif.ttf and DejaVuSerif-Bold.ttf.",
            id="certificates.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=False)
def check_certificate_storage_is_private(app_configs, **kwargs):
    """Certificate PDFs in a folder that serves MEDIA_ROOT or STATIC_ROOT would skip the
    download view's checks (sign-in, agency, revocation)."""
    location = getattr(certificate_storage, "location", None)
    if location is None:  # not a file-system storage (a bucket): docs/operations.md
        return []
    private = Path(location).resolve()
    errors = []
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        root = getattr(settings, setting, None)
        if root and private.is_relative_to(Path(root).resolve()):
            errors.append(
                checks.Error(
                    f'The "certificates" storage ({private}) is inside {setting}, which is '
                    "served directly: certificate PDFs would bypass revocation and access checks.",
                    hint="Set CERTIFICATES_ROOT to a folder outside MEDIA_ROOT and STATIC_ROOT.",
                    id="certificates.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_credential_keys_readable(app_configs, **kwargs):
    """A configured key that cannot be read would fail every credential download."""
    try:
        signing_key()
        published_keys()
    except CredentialKeyError as exc:
        return [
            checks.Error(
                str(exc),
                hint="Create one with `manage.py create_credential_key` (docs/operations.md).",
                id="certificates.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_credential_signing_key(app_configs, **kwargs):
    """Production must sign Open Badges credentials with its own key, not one derived from
    SECRET_KEY (rotating SECRET_KEY would then silently change the key)."""
    try:
        derived = signing_key().derived
    except CredentialKeyError:
        return []  # reported by check_credential_keys_readable
    if derived and not settings.DEBUG:
        return [
            checks.Warning(
                "CREDENTIAL_SIGNING_KEY is not set: Open Badges credentials are signed with a "
                "development key derived from SECRET_KEY.",
                hint="Create one with `manage.py create_credential_key` and set it in the "
                "environment (docs/operations.md, 'Credential signing keys').",
                id="certificates.W002",
            )
        ]
    return []
