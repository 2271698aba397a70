"""Roll-call session pages. Supervisors run the session; officers check in on phones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.pdf import render_pdf
from courses.quiz.selectors import live_quiz_for_course
from lms.access import supervised_agencies
from lms.conf import absolute_url
from lms.models import Membership
from lms.rollcall import lifecycle, services
from lms.rollcall.access import rollcall_sessions_open_to, rollcall_sessions_supervised_by
from lms.rollcall.briefing import presenter_briefing_for
from lms.rollcall.expected import agency_units
from lms.rollcall.forms import CheckInForm, CompleteSessionForm, StartSessionForm
from lms.rollcall.models import RollCallSession
from lms.rollcall.services import CheckInLimited, RollCallError
from lms.rollcall.sign_in_sheet import sheet_context
from lms.selectors.columns import courses_offered


def _supervised_session_or_404(request, session_id: int) -> RollCallSession:
    return get_object_or_404(
        rollcall_sessions_supervised_by(request.user).select_related("agency", "course"),
        pk=session_id,
    )


def _check_in_url(session, code: str | None = None) -> str:
    url = absolute_url(reverse("lms:rollcall:check_in", args=[session.pk]))
    return f"{url}?code={code}" if code else url


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=6, border=2)


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = rollcall_sessions_supervised_by(request.user).select_related("agency")[:100]
    if not supervised_agencies(request.user).exists():
        return render(request, "404.html", status=404)
    return render(request, "rollcall/session_list.html", {"sessions": sessions})


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    agencies = list(supervised_agencies(request.user).order_by("name"))
    if not agencies:
        return render(request, "404.html", status=404)
    courses = list(courses_offered())
    initial = {}
    if request.GET.get("agency", "").isdigit():
        initial["agency"] = int(request.GET["agency"])
    form = StartSessionForm(
        request.POST or None,
        agencies=agencies,
        courses=courses,
        units=agency_units(agency_ids=[a.pk for a in agencies]),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.start_session(
                supervisor=request.user,
                agency=form.agencies[form.cleaned_data["agency"]],
                course=form.courses[form.cleaned_data["course"]],
                held_on=form.cleaned_data["held_on"],
                unit=form.cleaned_data["unit"],
                location=form.cleaned_data["location"],
            )
        except RollCallError as error:
            form.add_error(None, str(error))
        else:
            return redirect("lms:rollcall:detail", session.pk)
    return render(
        request,
        "rollcall/start.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _supervised_session_or_404(request, session_id)
    attendances = list(session.attendances.select_related("completion"))
    present = {a.user_id for a in attendances}
    expected = list(session.expected.all())
    code = services.checkin_code(session)
    return render(
        request,
        "rollcall/session_detail.html",
        {
            "session": session,
            "attendances": attendances,
            "expected_count": len(expected),
            "expected_present": sum(1 for e in expected if e.user_id in present),
            "not_present": []
            if session.is_completed
            else [m for m in services.roster(session) if m.user_id not in present],
            "code": code,
            "seconds_left": services.seconds_until_next_code(),
            "check_in_url": _check_in_url(session),
            "qr": _qr_data_uri(_check_in_url(session, code)) if session.is_open else "",
            "absences": session.absences.all(),
        },
    )


@login_required
@require_GET
def code_json(request: HttpRequest, session_id: int) -> JsonResponse:
    session = _supervised_session_or_404(request, session_id)
    if not session.is_open:
        return JsonResponse({"open": False})
    code = services.checkin_code(session)
    return JsonResponse(
        {
            "open": True,
            "code": code,
            "seconds_left": services.seconds_until_next_code(),
            "qr": _qr_data_uri(_check_in_url(session, code)),
        }
    )


@login_required
@require_GET
def code_screen(request: HttpRequest, session_id: int) -> HttpResponse:
    """Full-screen code and QR for a projector; refreshes itself without JavaScript."""
    session = _supervised_session_or_404(request, session_id)
    code = services.checkin_code(session)
    return render(
        request,
        "rollcall/code_screen.html",
        {
            "session": session,
            "code": code,
            "seconds_left": services.seconds_until_next_code(),
            "check_in_url": _check_in_url(session),
            "qr": _qr_data_uri(_check_in_url(session, code)) if session.is_open else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = (
        rollcall_sessions_open_to(request.user)
        .select_related("agency", "course")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return render(
            request,
            "rollcall/not_your_session.html",
            status=404,
        )
    attendance = session.attendances.filter(user=request.user).first()
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and attendance is None and form.is_valid():
        try:
            attendance = services.check_in(
                session=session, user=request.user, code=form.cleaned_data["code"]
            )
        except RollCallError as error:
            form.add_error("code", str(error))
            status = 429 if isinstance(error, CheckInLimited) else 400
        else:
            messages.success(request, "You are checked in.")
            return redirect("lms:rollcall:check_in", session.pk)
    elif request.method == "POST" and attendance is not None:
        messages.info(request, "You are already checked in to this session.")
        return redirect("lms:rollcall:check_in", session.pk)
    elif request.method == "POST":
        status = 400
    quiz_url = ""
    if session.needs_quiz and session.course is not None:
        quiz = live_quiz_for_course(session.course)
        quiz_url = quiz.url if quiz else ""
    return render(
        request,
        "rollcall/check_in.html",
        {
            "session": session,
            "form": form,
            "attendance": attendance,
            "quiz_url": quiz_url,
            "refusal": "" if session.is_open else services.checkin_refusal(session),
        },
        status=status,
    )


@login_required
@require_POST
def tick(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _supervised_session_or_404(request, session_id)
    raw = request.POST.getlist("user")
    if not raw or not all(value.isdigit() for value in raw):
        messages.error(request, "Tick at least one officer on the roster.")
        return redirect("lms:rollcall:detail", session.pk)
    try:
        added = services.tick_attendees(session=session, user_ids=[int(v) for v in raw])
    except RollCallError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Marked {len(added)} present.")
    return redirect("lms:rollcall:detail", session.pk)


@login_required
@require_POST
def attest(request: HttpRequest, session_id: int) -> HttpResponse:
    """Attest who was present; this closes check-in."""
    session = _supervised_session_or_404(request, session_id)
    try:
        completions = lifecycle.close_check_in(session=session, supervisor=request.user)
    except RollCallError as error:
        messages.error(request, str(error))
    else:
        recorded = (
            "" if session.needs_quiz else f" {len(completions)} roll-call briefings recorded."
        )
        messages.success(request, f"Check-in closed.{recorded}")
    return redirect("lms:rollcall:detail", session.pk)


@login_required
@require_POST
def add_late(request: HttpRequest, session_id: int) -> HttpResponse:
    """Add officers who arrived after check-in closed: own agency's active members, else 404."""
    session = _supervised_session_or_404(request, session_id)
    raw = request.POST.getlist("user")
    if not raw or not all(value.isdigit() for value in raw):
        messages.error(request, "Tick at least one officer who arrived late.")
        return redirect("lms:rollcall:detail", session.pk)
    user_ids = [int(value) for value in raw]
    members = Membership.objects.filter(
        agency_id=session.agency_id, status=Membership.Status.ACTIVE, user_id__in=user_ids
    )
    if members.values("user_id").distinct().count() != len(set(user_ids)):
        raise Http404("Not a member of this session's agency.")
    try:
        added = lifecycle.add_late_attendees(
            session=session, supervisor=request.user, user_ids=user_ids
        )
    except RollCallError as error:
        messages.error(request, str(error))
    else:
        names = ", ".join(a.user_name for a in added) or "Nobody new"
        messages.success(request, f"Added as present: {names}.")
    return redirect("lms:rollcall:detail", session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, session_id: int) -> HttpResponse:
    """Complete the session: one list of proposed make-ups, all ticked to begin with."""
    session = _supervised_session_or_404(request, session_id)
    if session.is_completed:
        messages.info(request, "This session is already completed.")
        return redirect("lms:rollcall:detail", session.pk)
    if session.is_open:
        messages.info(request, "Close check-in first: attest who was present.")
        return redirect("lms:rollcall:detail", session.pk)
    proposal = lifecycle.propose_makeups(session=session)
    # Proposed means ticked; "Select none" (a plain link, no script) shows them all unticked.
    ticked = [] if request.GET.get("select") == "none" else [e.user_id for e in proposal.proposed]
    form = CompleteSessionForm(
        request.POST or None,
        initial={"makeup": ticked, "due_on": lifecycle.default_makeup_due_on()},
        proposed=proposal.proposed,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                absences = lifecycle.complete_session(
                    session=session,
                    supervisor=request.user,
                    makeup_user_ids=form.cleaned_data["makeup"],
                    due_on=form.cleaned_data["due_on"],
                )
            except RollCallError as error:
                form.add_error(None, str(error))
            else:
                given = sum(1 for a in absences if a.assignment_id)
                messages.success(request, f"Session completed. Make-ups given: {given}.")
                return redirect("lms:rollcall:detail", session.pk)
    return render(
        request,
        "rollcall/complete.html",
        {"session": session, "form": form, "proposal": proposal},
        status=status,
    )


@login_required
@require_GET
def present(request: HttpRequest, session_id: int) -> HttpResponse:
    """The course's roll-call briefing, one timed segment per slide, for a projector or TV."""
    session = _supervised_session_or_404(request, session_id)
    briefing = presenter_briefing_for(session=session)
    return render(
        request,
        "rollcall/present.html",
        {
            "session": session,
            "briefing": briefing,
            "briefing_links": briefing.links,
            "count": len(briefing.segments) + 1 if briefing.segments else 0,
        },
    )


@login_required
@require_GET
def sign_in_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _supervised_session_or_404(request, session_id)
    return render(request, "rollcall/sign_in_sheet.html", sheet_context(session))


@login_required
@require_GET
def sign_in_sheet_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _supervised_session_or_404(request, session_id)
    pdf = render_pdf(
        template_name="rollcall/sign_in_sheet_pdf.html", context=sheet_context(session)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="sign-in-sheet-{session.pk}-{session.held_on:%Y-%m-%d}.pdf"'
    )
    return response
