"""Backups: an online SQLite copy that restores to a working database."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lms.management.commands.backup_db import _regexp
from tests.factories import UserFactory

# No open transaction: SQLite cannot copy a database in the middle of its own write.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backup; PostgreSQL uses pg_dump (docs/operations.md)")


def test_backup_copies_the_live_database_and_the_copy_restores(sqlite_only, tmp_path):
    UserFactory(email="nguyen@example.org", first_name="Nguyễn", last_name="Văn An")
    UserFactory(email="obrien@example.org", first_name="Siobhán", last_name="O'Brien-Łukasz")
    target = tmp_path / "backup.sqlite3"
    call_command("backup_db", str(target))
    restored = sqlite3.connect(target)
    restored.create_function("REGEXP", 2, _regexp)
    rows = restored.execute("SELECT email, last_name FROM lms_user ORDER BY email").fetchall()
    (integrity,) = restored.execute("PRAGMA integrity_check").fetchone()
    restored.close()
    assert rows == [("nguyen@example.org", "Văn An"), ("obrien@example.org", "O'Brien-Łukasz")]
    assert integrity == "ok"
    assert not target.with_name(target.name + ".partial").exists()


def test_backup_refuses_to_overwrite_an_existing_file(sqlite_only, tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_db", str(target))
    assert target.read_bytes() == b"keep me"


def test_backup_explains_what_to_do_on_postgresql(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup_db", str(tmp_path / "never-written.sqlite3"))
    assert not (tmp_path / "never-written.sqlite3").exists()
