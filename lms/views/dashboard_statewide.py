"""The ORS statewide view: every agency with officers, rollup by county, an SVG chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lms.access import is_ors_staff
from lms.selectors.columns import live_courses
from lms.statewide import county_rollup, statewide_rows

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
CHART_WIDTH = 640


def require_ors(request: HttpRequest) -> None:
    if not is_ors_staff(request.user):
        raise Http404  # the statewide view does not exist for anyone else


def default_chart_course(courses: list):
    """The officer course agencies run at roll call: the first live course for officers (in
    tree order), else the first course."""
    return next((c for c in courses if c.audience == "officers"), courses[0] if courses else None)


def statewide_data(request: HttpRequest) -> dict:
    courses = list(live_courses().only("pk", "title", "path", "audience"))
    course_ids = [c.pk for c in courses]
    selected = request.GET.get("course", "")
    # One course at a time: an average over unrelated courses means nothing.
    chart_course = next((c for c in courses if str(c.pk) == selected), None)
    chart_course = chart_course or default_chart_course(courses)
    rows = statewide_rows()
    counties = county_rollup(rows)
    by = "agency" if request.GET.get("by") == "agency" else "county"
    return {
        "courses": courses,
        "course_ids": course_ids,
        "rows": [(row, [(c, row.percent(c.pk)) for c in courses]) for row in rows],
        "counties": [(county, [(c, county.percent(c.pk)) for c in courses]) for county in counties],
        "chart": chart_bars(
            [
                (
                    r.agency.name if by == "agency" else r.label,
                    r.percent(chart_course.pk) if chart_course else 0,
                )
                for r in (rows if by == "agency" else counties)
            ]
        ),
        "chart_by": by,
        "chart_course": chart_course,
    }


def chart_bars(items: list[tuple[str, int]]) -> dict:
    """Geometry for a horizontal bar chart drawn server-side as SVG."""
    bars = []
    for n, (label, percent) in enumerate(items):
        y = n * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": label,
                "percent": percent,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round((CHART_WIDTH - LABEL_WIDTH - 60) * percent / 100, 1),
                "value_x": LABEL_WIDTH
                + round((CHART_WIDTH - LABEL_WIDTH - 60) * percent / 100)
                + 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


@login_required
def statewide_dashboard(request: HttpRequest) -> HttpResponse:
    require_ors(request)
    return render(
        request,
        "lms/dashboard/statewide.html",
        {**statewide_data(request), "is_ors": True, "supervised": [], "current": "statewide"},
    )
