"""The to-do count in the header bar, without working out the to-do list on every page.

The count is kept in the session whenever the list itself is built (the dashboard, where
everyone lands after sign-in, and the finish line) and dropped after something that changes it
outside those pages (an SOP acknowledgement). The header shows it only while it is known: a
lesson or quiz page at roll call never runs the list's queries. Sessions end after 30 idle
minutes (lms.people.sessions), which bounds how old a kept count can be.
"""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "rollcall_todo_count"


def remember_todo_count(request: HttpRequest, count: int) -> None:
    if request.session.get(SESSION_KEY) != count:
        request.session[SESSION_KEY] = count


def forget_todo_count(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def known_todo_count(request: HttpRequest) -> int | None:
    """The count as last worked out in this session, or None."""
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None
