"""lms.shared_cache and `manage.py clear_shared_cache`: after a database is restored (or a bench
data set made again), nothing the shared cache kept for the old rows may be served, and other
sites sharing the Redis database keep theirs."""

from __future__ import annotations

import socket
import uuid
from io import StringIO

import pytest
from django.core.cache import cache, caches
from django.core.management import CommandError, call_command

from lms.shared_cache import forget_all


def _redis(prefix: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": prefix,
    }


@pytest.fixture
def redis_caches(settings):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (CI runs it)")
    unique = uuid.uuid4().hex
    # "[ab]" is a glob class: unescaped, this site's pattern would match the other site's keys.
    settings.CACHES = {"default": _redis(f"t[ab]{unique}"), "other": _redis(f"ta{unique}")}
    yield
    caches["other"].delete("kept")


def test_forgetting_deletes_every_version_of_this_sites_entries_and_nothing_else(redis_caches):
    cache.set("lms:user:1", ("stamp", "account"), None)
    cache.set("wagtail_site_root_paths", ["/"], None, version=2)
    caches["other"].set("kept", "theirs", None)

    assert forget_all() == 2
    assert cache.get("lms:user:1") is None
    assert cache.get("wagtail_site_root_paths", version=2) is None
    assert caches["other"].get("kept") == "theirs"
    assert forget_all() == 0


def test_the_command_says_what_it_deleted(redis_caches):
    cache.set_many({"a": 1, "b": 2})
    out = StringIO()
    call_command("clear_shared_cache", stdout=out)
    assert out.getvalue().strip() == "Deleted 2 entries from the shared cache."


def test_without_a_shared_cache_the_command_clears_this_process_cache():
    cache.set("lms:stamp:content", "abc")
    out = StringIO()
    call_command("clear_shared_cache", stdout=out)
    assert "no shared cache is configured" in out.getvalue()
    assert cache.get("lms:stamp:content") is None


def test_another_shared_cache_is_refused_not_emptied(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    cache.set("theirs", "kept")
    with pytest.raises(CommandError, match="Cannot clear only this site's entries"):
        call_command("clear_shared_cache", stdout=StringIO())
    assert cache.get("theirs") == "kept"
