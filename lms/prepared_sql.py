"""The ORM's own SQL for a statement a hot page runs on every request, compiled once per process.

Django builds and compiles a queryset on every call. For a simple statement that is most of its
cost, and for the agency dashboard's grouped completions, assignments and activity (joins,
nested EXISTS, a CASE per renewal window) it was about 10 ms of CPU per request, more than running
them for a small agency. A prepared statement is a queryset compiled once with stand-ins for the
values that change between calls: ids (an agency, a person) and the current moment, together
with anything the queryset computes from it (`now + 30 days`). Each call puts the real values
back in the parameters, adapted as the ORM adapts them, so the SQL and its rules stay the
queryset's: nothing is written twice.

Only for statements measured to matter (lms.access.role_facts, the certificate lookup, the
agency dashboard); everything else stays with the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connections
from django.db.models import QuerySet

# Stands for "now" while a statement is compiled. Every parameter within a century of it is read
# as "now" plus an offset: no real date a statement holds is that old.
STAND_IN_NOW = datetime(1800, 1, 1, tzinfo=UTC)
_MOMENT_REACH = timedelta(days=36_500)


def stand_in_id(number: int = 0) -> int:
    """An id no row has, to stand for an id while a statement is compiled."""
    return -(2**40) - number


def stand_in_text(number: int = 0) -> str:
    """A text no row holds (it starts with a NUL), to stand for a text value (a code)."""
    return f"\x00stand-in-{number}"


@dataclass(frozen=True)
class PreparedStatement:
    sql: str
    params: tuple
    ids: tuple[tuple[int, str], ...]  # (parameter position, name of the value)
    moments: tuple[tuple[int, timedelta], ...]  # (parameter position, offset from now)

    def bind(self, alias: str, *, now: datetime | None = None, **ids) -> list:
        """The parameters for one call: the values given by name (ids, codes), and `now` (with
        each offset) adapted as the ORM adapts a datetime for this database."""
        params = list(self.params)
        for position, name in self.ids:
            params[position] = ids[name]
        if self.moments:
            if now is None:
                raise ValueError("This statement needs the current moment.")
            adapt = connections[alias].ops.adapt_datetimefield_value
            for position, offset in self.moments:
                params[position] = adapt(now + offset)
        return params

    def rows(self, alias: str, *, now: datetime | None = None, **ids) -> list[tuple]:
        """Every row, as the database returns it (no converters: callers read ints and
        convert anything else themselves)."""
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, self.bind(alias, now=now, **ids))
            return cursor.fetchall()


def prepare(queryset: QuerySet, *, alias: str, ids: dict[str, int | str]) -> PreparedStatement:
    """Compile `queryset`, built with `ids` (name: `stand_in_id(...)` or `stand_in_text(...)`)
    and `STAND_IN_NOW` in place of the values that vary. Raises ValueError when a stand-in does
    not reach the parameters (the statement would ignore the real value)."""
    sql, params = queryset.query.get_compiler(alias).as_sql()
    names = {value: name for name, value in ids.items()}
    id_slots, moment_slots = [], []
    for position, value in enumerate(params):
        if type(value) in (int, str) and value in names:
            id_slots.append((position, names[value]))
            continue
        offset = _offset_from_now(value)
        if offset is not None:
            moment_slots.append((position, offset))
    missing = set(ids) - {name for _, name in id_slots}
    if missing:
        raise ValueError(f"The stand-ins for {', '.join(sorted(missing))} are not parameters.")
    return PreparedStatement(sql, tuple(params), tuple(id_slots), tuple(moment_slots))


def _offset_from_now(value) -> timedelta | None:
    """How far a compiled parameter is from STAND_IN_NOW, if it is a moment near it. Backends
    pass a datetime through (PostgreSQL) or as ISO text in UTC (SQLite)."""
    if isinstance(value, str):
        if not value.startswith(("17", "18")):
            return None
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    offset = value - STAND_IN_NOW
    return offset if abs(offset) <= _MOMENT_REACH else None
