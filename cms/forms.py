from __future__ import annotations

from django import forms
from django.utils import timezone

from cms.models import ProgramRegistration, TechnicalAssistanceRequest
from cms.sop import SOP_MAX_UPLOAD_BYTES, validate_sop_pdf

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and aria-hidden) but simple bots fill in."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class ProgramRegistrationForm(HoneypotMixin, forms.ModelForm):
    wants_technical_assistance = forms.TypedChoiceField(
        label="Would you like technical assistance from the ORS team?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ProgramRegistration
        fields = [
            "agency_name",
            "agency_type",
            "county",
            "sworn_officers",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "program_stage",
            "naloxone_source",
            "sop_status",
            "wants_technical_assistance",
            "message",
        ]
        widgets = {
            "program_stage": forms.RadioSelect,
            "naloxone_source": forms.RadioSelect,
            "sop_status": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "agency_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        error_messages = {
            "agency_name": {"required": "Enter your agency's name."},
            "agency_type": {"required": "Choose your agency's type."},
            "county": {"required": "Choose the county your agency is in."},
            "contact_name": {"required": "Enter the name of the person we should contact."},
            "contact_email": {
                "required": "Enter an e-mail address we can reach you at.",
                "invalid": "Enter a valid e-mail address, like name@agency.ny.gov.",
            },
            "program_stage": {"required": "Tell us where your program stands."},
            "naloxone_source": {"required": "Tell us where your naloxone comes from."},
            "sop_status": {"required": "Tell us whether you have adopted an SOP."},
            "message": {"max_length": "Keep this under 2,000 characters (it has %(show_value)d)."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "Choose a county")] + list(
            self.fields["county"].choices
        )[1:]
        self.fields["agency_type"].choices = [("", "Choose a type")] + list(
            self.fields["agency_type"].choices
        )[1:]
        self.fields["wants_technical_assistance"].error_messages["required"] = (
            "Tell us whether you would like technical assistance."
        )
        for name in ("agency_name", "contact_name", "contact_title"):
            self.fields[name].error_messages["max_length"] = (
                "Keep this under %(limit_value)d characters (it has %(show_value)d)."
            )

    def clean_agency_name(self) -> str:
        return " ".join(self.cleaned_data["agency_name"].split())


class AssistanceRequestForm(forms.ModelForm):
    agency = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the agencies you supervise."},
    )

    class Meta:
        model = TechnicalAssistanceRequest
        fields = ["agency", "topic", "details", "requester_phone"]
        widgets = {
            "topic": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"requester_phone": "A phone number we can call (optional)"}
        error_messages = {
            "topic": {"required": "Choose the topic you need help with."},
            "details": {
                "required": "Tell us briefly what you need.",
                "max_length": "Keep this under 2,000 characters (it has %(show_value)d).",
            },
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].widget = forms.HiddenInput()
            self.fields["agency"].initial = agencies.first().pk


class SOPAdoptionForm(forms.Form):
    source = forms.ChoiceField(
        label="Which SOP did your agency adopt?",
        choices=[("model", "The toolkit's model SOP"), ("own", "Our own SOP (upload a PDF)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the model SOP or your own."},
    )
    title = forms.CharField(label="Title of your own SOP", max_length=200, required=False)
    version_label = forms.CharField(
        label="Version",
        max_length=40,
        help_text="e.g. '2026.1' or 'Rev. 3'.",
        error_messages={"required": "Enter the version you adopted."},
    )
    document = forms.FileField(
        label="Your SOP (PDF, at most 5 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    acknowledge_by = forms.DateField(
        label="Officers must acknowledge it by",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date officers must acknowledge the SOP by.",
            "invalid": "Enter the date as YYYY-MM-DD.",
        },
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            if upload.size > SOP_MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The PDF is larger than 5 MB.")
            validate_sop_pdf(upload)
        return upload

    def clean_acknowledge_by(self):
        due = self.cleaned_data["acknowledge_by"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == "own" and not cleaned.get("document"):
            self.add_error("document", "Upload your SOP as a PDF.")
        return cleaned
