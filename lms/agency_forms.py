"""Forms for supervisors: roster and past-training uploads, course assignment."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import offered_courses
from lms.models import Agency, Membership


class RosterUploadForm(forms.Form):
    roster = forms.FileField(
        label=_("Roster file (.csv or .xlsx)"),
        help_text=_("Columns: first name, last name, e-mail, badge, rank, unit."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class PastRecordsUploadForm(forms.Form):
    records = forms.FileField(
        label=_("Past training file (.csv or .xlsx)"),
        help_text=_("Columns: e-mail or badge, course, date, method, hours, note."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class AgencyChoiceForm(forms.Form):
    """Which agency a statewide user acts for (ORS must choose; nothing is assumed)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=_("Choose…"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


def _live_courses():
    # Only what officers are offered: an assigned course must have something to read.
    return offered_courses().order_by("title")


class AssignmentForm(forms.Form):
    """Assign a course in one agency, to everyone or to chosen units or officers."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.MultipleChoiceField(
        label=_("Units or shifts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave units and officers empty to assign to everyone in the agency."),
    )
    officers = forms.MultipleChoiceField(
        label=_("Officers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _live_courses()
        active = Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)
        units = sorted({u for u in active.values_list("unit", flat=True) if u})
        self.fields["units"].choices = [(u, u) for u in units]
        self.fields["officers"].choices = [
            (str(m.user_id), f"{m.user.get_full_name()} ({m.user.email})")
            for m in active.select_related("user").order_by("user__last_name", "user__first_name")
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past."))
        return due_on


class StatewideAssignmentForm(forms.Form):
    """ORS: assign a course to every active member of a set of agencies."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _live_courses()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past."))
        return due_on
