from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from lms.demo import DEMO_PASSWORD, DEMO_STEPS


class Command(BaseCommand):
    help = (
        "Load the demo agencies, accounts, courses and history. Idempotent: running it again "
        "changes nothing. Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even though DEBUG is off (never on a real production site).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site, so the demo was not loaded. "
                "Use --force if you really want demo accounts here."
            )
        with transaction.atomic():
            for dotted_path in DEMO_STEPS:
                import_string(dotted_path)(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo account's password is: {DEMO_PASSWORD}")
        )
