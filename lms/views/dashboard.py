"""/dashboard/: the landing page after sign-in. One page reaches every view a person has:
their own training, each agency they supervise, and the statewide view for ORS staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lms.access import supervised_agencies
from lms.invitations import open_invitations_for
from lms.roles import roles_for
from lms.todo import officer_todo
from lms.todo_count import remember_todo_count


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_for(request)  # already known for the navigation: no query
    ors = roles.is_ors_staff
    agencies = (
        list(supervised_agencies(user).order_by("name")) if roles.supervises_any and not ors else []
    )
    todo = officer_todo(user=user)
    remember_todo_count(request, todo.count)
    return render(
        request,
        "lms/dashboard/dashboard.html",
        {
            "is_ors": ors,
            "supervised": agencies,
            "invitations": list(open_invitations_for(user=user)),
            "todo": todo,
        },
    )
