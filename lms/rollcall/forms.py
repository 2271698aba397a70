from __future__ import annotations

from django import forms
from django.utils import timezone

from lms.rollcall.models import Absence, RollCallSession
from lms.rollcall.services import session_date_problem


class StartSessionForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int)
    course = forms.TypedChoiceField(label="Course", coerce=int)
    held_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    unit = forms.CharField(label="Shift or unit", max_length=64, required=False)
    location = forms.CharField(label="Location", max_length=200, required=False)
    completion_rule = forms.ChoiceField(
        label="How officers complete the course",
        choices=[("", "As the course requires (quiz if it has one)")]
        + list(RollCallSession.CompletionRule.choices),
        required=False,
    )

    def __init__(self, *args, agencies, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.courses = {c.pk: c for c in courses}
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
            self.fields["agency"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        course = self.courses.get(data.get("course"))
        if course is not None and data.get("held_on") is not None:
            problem = session_date_problem(course=course, held_on=data["held_on"])
            if problem:
                self.add_error("held_on", problem)
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="Code on the screen",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )


class CloseSessionForm(forms.Form):
    """One choice per absent officer: make-up by a date, or an exemption with a reason."""

    def __init__(self, *args, absent, default_due, **kwargs):
        super().__init__(*args, **kwargs)
        self.absent = absent
        options = [("makeup", "Make-up assignment")] + [
            (value, f"Exempt: {label}") for value, label in Absence.ExemptionReason.choices
        ]
        for membership in absent:
            uid = membership.user_id
            self.fields[f"outcome_{uid}"] = forms.ChoiceField(
                label=f"Outcome for {membership.user.get_full_name()}",
                choices=options,
                initial="makeup",
            )
            self.fields[f"due_{uid}"] = forms.DateField(
                label=f"Make-up due date for {membership.user.get_full_name()}",
                initial=default_due,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def rows(self):
        for membership in self.absent:
            yield (
                membership,
                self[f"outcome_{membership.user_id}"],
                self[f"due_{membership.user_id}"],
            )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for membership in self.absent:
            uid = membership.user_id
            due = data.get(f"due_{uid}")
            if data.get(f"outcome_{uid}") == "makeup" and due is not None and due < today:
                self.add_error(f"due_{uid}", "The make-up due date cannot be in the past.")
        return data
