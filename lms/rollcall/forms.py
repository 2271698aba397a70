from __future__ import annotations

from django import forms
from django.utils import timezone

from lms.rollcall.services import session_date_problem


class StartSessionForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int)
    course = forms.TypedChoiceField(label="Course", coerce=int)
    held_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    unit = forms.ChoiceField(
        label="Who is expected",
        required=False,
        help_text=(
            "Absent expected officers are proposed for a make-up when you complete the session."
        ),
    )
    location = forms.CharField(label="Location", max_length=200, required=False)

    def __init__(self, *args, agencies, courses, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.courses = {c.pk: c for c in courses}
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]
        self.fields["unit"].choices = [
            ("", "Everyone assigned the course (the whole agency if nobody is)")
        ] + [(unit, f"Shift or unit: {unit}") for unit in units]
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


class CompleteSessionForm(forms.Form):
    """One list of the proposed make-ups: ticked people get one, due on one date."""

    makeup = forms.TypedMultipleChoiceField(
        label="Give a make-up to",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(
        label="Make-ups due on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["makeup"].choices = [(e.user_id, e.user_name) for e in proposed]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The make-up due date cannot be in the past.")
        return due_on
