"""/dashboard/: the landing page after sign-in. One page reaches every view a person has:
their own training, each agency they supervise, and the statewide view for ORS staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lms.access import agencies_held_in_a_supervisory_role
from lms.offline import allow_offline_copy, offline_allowed
from lms.people.invitations import open_invitations_for
from lms.roles import roles_for
from lms.todo import OfficerTodo, officer_todo
from lms.todo_count import remember_todo_count


def offline_saves_for(todo: OfficerTodo) -> dict:
    """What the dashboard's script saves on the officer's phone without being asked: the
    courses on the to-do list, the current certificates and wallet cards
    (docs/officer-guide.md)."""
    course_ids = dict.fromkeys(item.course_id for item in todo.items if item.course_id)
    return {
        "courses": [
            reverse("courses:course_offline_list", kwargs={"course_id": pk}) for pk in course_ids
        ],
        "urls": [
            url for done in todo.done for url in (done.download_url, done.wallet_card_url) if url
        ],
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_for(request)  # already known for the navigation: no query
    ors = roles.is_ors_staff
    agencies = (
        list(agencies_held_in_a_supervisory_role(user).order_by("name"))
        if roles.supervises_any and not ors
        else []
    )
    todo = officer_todo(user=user)
    remember_todo_count(request, todo.count)
    offline_saves = None
    if offline_allowed(request):
        allow_offline_copy(request)
        offline_saves = offline_saves_for(todo)
    return render(
        request,
        "lms/dashboard/dashboard.html",
        {
            "is_ors": ors,
            "supervised": agencies,
            "invitations": list(open_invitations_for(user=user)),
            "todo": todo,
            "offline_saves": offline_saves,
        },
    )
