"""Forms of the dashboards: matrix filters and records of training done elsewhere."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from lms.models import Completion
from lms.records.past_records import MAX_HOURS, MAX_NOTE_CHARS, PAST_YEARS, earliest_past_date
from lms.selectors.matrix import MatrixFilters
from lms.selectors.states import State


class MatrixFilterForm(forms.Form):
    """GET filters. Junk values are reported on the form and the filter is then ignored."""

    q = forms.CharField(label="Name or badge", required=False, max_length=100)
    unit = forms.ChoiceField(label="Unit or shift", required=False)
    rank = forms.ChoiceField(label="Rank", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    course = forms.TypedChoiceField(label="Course", required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, matrix_courses, units, ranks):
        super().__init__(data)
        self.fields["unit"].choices = [("", "Any unit"), *((u, u) for u in units)]
        self.fields["rank"].choices = [("", "Any rank"), *((r, r) for r in ranks)]
        self.fields["status"].choices = [("", "Any status"), *State.choices()]
        self.fields["course"].choices = [
            ("", "Every course"),
            *((str(c.pk), c.title) for c in matrix_courses),
        ]

    def filters(self) -> MatrixFilters:
        if not self.is_bound:
            return MatrixFilters()
        self.is_valid()
        data = self.cleaned_data
        return MatrixFilters(
            unit=data.get("unit") or "",
            rank=data.get("rank") or "",
            status=data.get("status") or "",
            course_id=data.get("course"),
            search=(data.get("q") or "").strip(),
        )

    def query_string(self) -> str:
        """The valid filters as a query string, for pagination, print and export links."""
        from urllib.parse import urlencode

        filters = self.filters()
        pairs = {
            "q": filters.search,
            "unit": filters.unit,
            "rank": filters.rank,
            "status": filters.status,
            "course": filters.course_id or "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


class ManualCompletionForm(forms.Form):
    """One record of training done elsewhere (lms.records.past_records holds the rules)."""

    course = forms.TypedChoiceField(label="Course", coerce=int)
    completed_on = forms.DateField(
        label="Date completed",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=f"Any date in the last {PAST_YEARS} years, not in the future.",
    )
    outside_method = forms.ChoiceField(
        label="How it was delivered",
        choices=[("", "Choose…"), *Completion.OutsideMethod.choices],
    )
    hours = forms.DecimalField(
        label="Hours (optional)",
        required=False,
        min_value=0,
        max_value=MAX_HOURS,
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=f"From 0 to {MAX_HOURS}; leave empty when unknown (no hours are counted).",
    )
    note = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: County academy, in-service class with Sgt. Alvarez.",
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {c.pk: c for c in courses}
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]
        today = timezone.localdate()
        self.fields["completed_on"].widget.attrs.update(
            {"max": today.isoformat(), "min": earliest_past_date(today).isoformat()}
        )


def filter_words(filters: MatrixFilters, *, course_titles: dict[int, str]) -> list[str]:
    """The filter in words, for export file names (two downloads of one day told apart on
    disk) and the print view's heading."""
    words = []
    if filters.status:
        words.append(str(dict(State.choices()).get(filters.status, filters.status)))
    if filters.course_id:
        words.append(course_titles.get(filters.course_id, f"course {filters.course_id}"))
    words += [filters.unit, filters.rank]
    if filters.search:
        words.append(f"matching {filters.search}")
    return [word for word in words if word] or ["all"]
