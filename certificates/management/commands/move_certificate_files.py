"""Move certificate PDFs that earlier versions stored under MEDIA_ROOT into private storage."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from certificates.models import Certificate, CertificateFile
from certificates.storage import certificate_storage, move_legacy_certificate_files


class Command(BaseCommand):
    help = (
        "Move certificate PDFs from the public media storage (media/certificates/<year>/) to "
        'the private "certificates" storage, under names that cannot be guessed, and point '
        "the certificates at them. Migration certificates 0002 runs this once; run it again "
        "after a deploy during which old app servers still wrote files. Idempotent and safe "
        "to interrupt. A file missing from both storages is rendered again on next download."
    )

    def handle(self, *args, **options):
        report = move_legacy_certificate_files(
            certificate_model=Certificate,
            file_model=CertificateFile,
            source=default_storage,
            target=certificate_storage,
        )
        self.stdout.write(f"Moved {report.moved} certificate file(s) to private storage.")
        for name in report.missing:
            self.stdout.write(f"Missing (renders again on next download): {name}")
