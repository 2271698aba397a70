"""Issue the certificates that completions should have and do not (safe to run from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from certificates.issuing import issue_missing_certificates


class Command(BaseCommand):
    help = (
        "Issue a certificate for every recorded completion of a certificate-granting course "
        "that has none: the repair for an issue that failed after the completion was saved "
        "(Django logs it as an error in an on_commit() callback). Idempotent; a "
        "revoked certificate is left revoked. PDFs render in the background task queue, or "
        "on first download when tasks run inline."
    )

    def handle(self, *args, **options):
        issued = issue_missing_certificates()
        self.stdout.write(f"Issued {issued} missing certificate(s).")
