"""A storage backend that fails like a full disk half-way through a write (a test double for
the file system, not for our code)."""

from __future__ import annotations

import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content.read()[:100])
        raise OSError(28, "No space left on device")
