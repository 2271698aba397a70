"""Where certificate PDFs live: a storage that nothing serves directly.

A certificate PDF is handed out only by the download view, which checks sign-in, agency access
and revocation. Anything that serves MEDIA_ROOT (a web server alias, a public bucket) would
serve the files past those checks, so they live in their own storage (the STORAGES alias
"certificates": a folder outside MEDIA_ROOT, or a private bucket) under names that cannot be
guessed from a certificate's code. Files stored under MEDIA_ROOT by earlier versions are moved
by `move_legacy_certificate_files` (migration certificates 0002, and
`manage.py move_certificate_files` to run it again).
"""

from __future__ import annotations

import logging
import posixpath
import secrets
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, InvalidStorageError, Storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.crypto import salted_hmac
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)

STORAGE_ALIAS = "certificates"
# Where every version before the private storage put the files (in the default storage).
LEGACY_PREFIX = "certificates/"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder with no URL: its files reach people only through a view that checks them."""

    def url(self, name):
        raise ValueError(
            "Certificate files have no public URL; link to the certificate's download view."
        )


class CertificateStorage(LazyObject):
    """The "certificates" storage, looked up when first used (and again after STORAGES changes)."""

    def _setup(self):
        try:
            self._wrapped = storages[STORAGE_ALIAS]
        except InvalidStorageError as exc:
            raise ImproperlyConfigured(
                'STORAGES has no "certificates" entry. Certificate PDFs need a private storage '
                "that is never served directly (see docs/operations.md)."
            ) from exc


certificate_storage = CertificateStorage()


def select_certificate_storage() -> Storage:
    """The storage of certificate PDF fields (a callable, so migrations name no backend)."""
    return certificate_storage


@receiver(setting_changed)
def _forget_certificate_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        certificate_storage._wrapped = empty


def new_certificate_file_name(*, code: str, year: int) -> str:
    """A fresh name for a certificate's PDF: its code for people, a random part against guessing."""
    return f"{year}/{code}-{secrets.token_hex(16)}.pdf"


def moved_file_name(legacy_name: str) -> str:
    """The private name of a file stored at certificates/<year>/<code>.pdf by earlier versions.

    Derived from the old name with the secret key, so a move that stopped half-way finds the
    copy it already made instead of making another.
    """
    parts = legacy_name[len(LEGACY_PREFIX) :].split("/")
    year = parts[0] if len(parts) > 1 else "legacy"
    stem = posixpath.splitext(parts[-1])[0]
    digest = salted_hmac("certificates.storage.moved_file_name", legacy_name).hexdigest()[:32]
    return f"{year}/{stem}-{digest}.pdf"


@dataclass(frozen=True)
class MoveReport:
    moved: int
    missing: list[str]


def move_legacy_certificate_files(
    *, certificate_model, file_model, source: Storage, target: Storage
) -> MoveReport:
    """Move PDFs from the public storage to the private one and point the rows at them.

    Idempotent, and safe to stop at any point: each file is copied (under a name derived from
    its old one), then deleted from `source`, then the rows are updated, so a run that stopped
    half-way finishes the same file on the next run. A row whose file is in neither storage
    keeps its name; the download view renders that certificate again.
    Takes the models as arguments so the data migration can pass its historical ones.
    """
    legacy = set(
        certificate_model.objects.filter(pdf__startswith=LEGACY_PREFIX).values_list(
            "pdf", flat=True
        )
    ) | set(
        file_model.objects.filter(file__startswith=LEGACY_PREFIX).values_list("file", flat=True)
    )
    moved = 0
    missing = []
    for old_name in sorted(legacy):
        new_name = moved_file_name(old_name)
        if not target.exists(new_name):
            if not source.exists(old_name):
                missing.append(old_name)
                continue
            with source.open(old_name, "rb") as content:
                saved = target.save(new_name, content)
            if saved != new_name:  # a storage that renamed it: keep the name it chose
                new_name = saved
        if source.exists(old_name):
            source.delete(old_name)
        with transaction.atomic():
            certificate_model.objects.filter(pdf=old_name).update(pdf=new_name)
            file_model.objects.filter(file=old_name).update(file=new_name)
        moved += 1
    if missing:
        logger.warning("Certificate files missing from storage, left to re-render: %s", missing)
    return MoveReport(moved=moved, missing=missing)
