"""Assigning courses: a supervisor for their agency, ORS for any set of agencies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lms.access import agency_visible_to_or_404, is_ors_staff
from lms.agency_forms import AssignmentForm, StatewideAssignmentForm
from lms.models import Assignment
from lms.records.assignments import AssignmentOutcome, AssignmentRefused, assign_course
from lms.records.training_status import Standing, training_standings


def outcome_message(outcome: AssignmentOutcome) -> str:
    """ "3 newly assigned, 12 already assigned (1 earlier assignment replaced)." """
    text = f"{outcome.created} newly assigned, {outcome.already_assigned} already assigned"
    if outcome.replaced:
        text += f" ({outcome.replaced} earlier assignment{pluralize(outcome.replaced)} replaced)"
    return text + "."


@login_required
@require_http_methods(["GET", "POST"])
def agency_assignments(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    form = AssignmentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = assign_course(
                course=data["course"],
                due_on=data["due_on"],
                agencies=[agency],
                assigned_by=request.user,
                units=data["units"],
                user_ids=[int(pk) for pk in data["officers"]],
                reason=data["reason"],
            )
        except AssignmentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, outcome_message(outcome))
            return redirect("lms:agency_assignments", agency_id=agency.pk)
    assignments = list(
        Assignment.objects.filter(agency=agency, exempted_at__isnull=True, replaced_at__isnull=True)
        .select_related("user", "course")
        .order_by("due_on", "user__last_name")[:500]
    )
    # Each person's training status on the course, as this agency may count it
    # (lms.records.training_status, lms.records.agency_records; three queries).
    standings = training_standings(
        people=Q(user_id__in={a.user_id for a in assignments}),
        course_ids=list({a.course_id for a in assignments}),
        agency=agency,
    )
    for assignment in assignments:
        assignment.standing = standings.get((assignment.user_id, assignment.course_id), Standing())
    return render(
        request,
        "lms/assignments.html",
        {
            "agency": agency,
            "form": form,
            "assignments": assignments,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def statewide_assignment(request: HttpRequest) -> HttpResponse:
    if not is_ors_staff(request.user):
        raise Http404
    form = StatewideAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = assign_course(
                course=data["course"],
                due_on=data["due_on"],
                agencies=data["agencies"],
                assigned_by=request.user,
                reason=data["reason"],
            )
        except AssignmentRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{outcome_message(outcome)} In {len(data['agencies'])} agencies."
            )
            return redirect("lms:statewide_assignment")
    return render(
        request,
        "lms/statewide_assignment.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
