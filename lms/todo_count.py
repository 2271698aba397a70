"""The to-do count in the header bar, without working out the to-do list on every page.

The count is kept in the session, refreshed whenever the list itself is built (the dashboard,
the finish line) and otherwise at most every FRESH_SECONDS, and only when a page shows it.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from lms.todo import officer_todo

SESSION_KEY = "rollcall_todo_count"
FRESH_SECONDS = 300


def remember_todo_count(request: HttpRequest, count: int) -> None:
    request.session[SESSION_KEY] = [count, int(time.time())]


def forget_todo_count(request: HttpRequest) -> None:
    """After something that changes the list (a lesson, a quiz, an acknowledgement)."""
    request.session.pop(SESSION_KEY, None)


def todo_count_for(request: HttpRequest) -> int:
    kept = request.session.get(SESSION_KEY)
    if kept and time.time() - kept[1] < FRESH_SECONDS:
        return kept[0]
    count = officer_todo(user=request.user).count
    remember_todo_count(request, count)
    return count


class LazyTodoCount:
    """Worked out the first time a template reads it, once per request."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self._count: int | None = None

    def __call__(self) -> int:
        if self._count is None:
            self._count = todo_count_for(self.request)
        return self._count
