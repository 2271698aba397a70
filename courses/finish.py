"""The finish line of a completed course, as the course pages and the quiz result ask for it.

What the finish line shows (the certificate, the wallet card, the next item of the to-do list)
belongs to the layers above courses (certificates.finish_line, lms.todo), so courses does not
import it: the project registers it as the Wagtail hook ``course_finish_line``
(lms/wagtail_hooks.py), a function of ``user``, ``course`` and ``standing`` returning a
certificates.finish_line.FinishLine. Without one registered there is no finish line.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks

from lms.todo_count import remember_todo_count

HOOK_NAME = "course_finish_line"


def finish_line(*, request: HttpRequest, course, standing):
    """The finish line for the signed-in learner's completed course (None when none is
    registered); the to-do count it worked out is kept for the header (lms.todo_count)."""
    for draw in hooks.get_hooks(HOOK_NAME):
        finish = draw(user=request.user, course=course, standing=standing)
        if finish is not None:
            remember_todo_count(request, finish.todo_count)
            return finish
    return None
