from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lms.shared_cache import UnsupportedCache, forget_all


class Command(BaseCommand):
    help = (
        "Delete everything this site keeps in the shared cache (stamps, kept accounts, pages, "
        "cached sessions). Run it after restoring the database from a backup, before the site "
        "starts again."
    )

    def handle(self, *args, **options):
        try:
            deleted = forget_all()
        except UnsupportedCache as refusal:
            raise CommandError(str(refusal)) from None
        if deleted < 0:
            self.stdout.write("Cleared this process's cache (no shared cache is configured).")
        else:
            self.stdout.write(f"Deleted {deleted} entries from the shared cache.")
