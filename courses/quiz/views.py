"""Quiz views (filled in below the models)."""

from __future__ import annotations
