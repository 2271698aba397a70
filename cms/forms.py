from __future__ import annotations

from django import forms

from cms.models import ProgramRegistration, TechnicalAssistanceRequest
from cms.sop import validate_sop_pdf
from cms.sop_text import SOP_TEXT_MAX_CHARS

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
    """A new SOP version: the agency's own text (the model SOP is only a starting point) or
    its own PDF. Placeholders are refused by cms.sop.adopt_sop, where every adoption goes."""

    source = forms.ChoiceField(
        label="How are you adopting your SOP?",
        choices=[("text", "Write or paste its text here"), ("own", "Upload it as a PDF")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you write the text or upload a PDF."},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the SOP's title."},
    )
    version_label = forms.CharField(
        label="Your own reference (optional)",
        max_length=40,
        required=False,
        help_text="e.g. 'General Order 26-4' or 'Rev. 3'. Versions are also numbered here.",
    )
    text = forms.CharField(
        label="Text of your SOP",
        required=False,
        max_length=SOP_TEXT_MAX_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Replace every [bracketed] placeholder with your agency's own words.",
    )
    document = forms.FileField(
        label="Or your SOP as a PDF (at most 5 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            validate_sop_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        wants_pdf = cleaned.get("source") == "own"
        if wants_pdf and not cleaned.get("document") and "document" not in self.errors:
            self.add_error("document", "Upload your SOP as a PDF.")
        if cleaned.get("source") == "text" and not cleaned.get("text", "").strip():
            self.add_error("text", "Write or paste your agency's SOP.")
        return cleaned


class SOPDaysForm(forms.Form):
    days = forms.IntegerField(
        label="Days each person has to acknowledge a new version",
        min_value=1,
        max_value=365,
        help_text="Counted from the adoption date, or from the day someone joins, whichever "
        "is later.",
        error_messages={
            "required": "Enter a number of days.",
            "invalid": "Enter a whole number of days.",
            "min_value": "Enter a number of days from 1 to 365.",
            "max_value": "Enter a number of days from 1 to 365.",
        },
    )
