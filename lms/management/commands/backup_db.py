from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def _regexp(pattern: str | None, value: str | None) -> bool:
    return value is not None and pattern is not None and re.search(pattern, str(value)) is not None


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to a file while the site keeps running (SQLite's online "
        "backup API), then check the copy's integrity. For PostgreSQL use pg_dump (see docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="File to write (default: var/backups/db-<UTC timestamp>.sqlite3).",
        )

    def handle(self, *args, destination: str | None = None, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                "backup_db copies SQLite databases only. For PostgreSQL run: "
                'pg_dump --format=custom --file=rollcall.dump "$DATABASE_URL"'
            )
        source_name = connection.settings_dict["NAME"]
        if destination is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            target = Path(settings.VAR_DIR) / "backups" / f"db-{stamp}.sqlite3"
        else:
            target = Path(destination)
        if target.exists():
            raise CommandError(f"{target} already exists; choose another file name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        # Back up through the site's own connection: it works for files and in-memory databases.
        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        # CHECK constraints may use REGEXP, which Django registers on its own connections.
        copy.create_function("REGEXP", 2, _regexp, deterministic=True)
        try:
            connection.connection.backup(copy, pages=1024)
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
        if result != "ok":
            partial.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its integrity check: {result}")
        partial.rename(target)  # only a checked, complete copy gets the final name
        self.stdout.write(self.style.SUCCESS(f"Backed up {source_name} to {target}"))
