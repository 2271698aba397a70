from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.codes import normalize_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("Printed under the QR code, for example RC-7K4M-Q2XP. Dashes are optional."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "That is not a certificate code. Codes look like RC-7K4M-Q2XP: "
                    "RC and eight letters or digits."
                )
            )
        return code


class CertificateFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("Any state")),
        ("valid", _("Valid")),
        ("expired", _("Expired")),
        ("revoked", _("Revoked")),
        ("current", _("Current (not superseded)")),
    ]

    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    course = forms.ChoiceField(label=_("Course"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    completed_from = forms.DateField(
        label=_("Completed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    completed_to = forms.DateField(
        label=_("Completed to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, course_titles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", _("All courses"))] + [(t, t) for t in course_titles]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("completed_from"), cleaned.get("completed_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Shown on the public verification page."),
    )


class RegenerateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Kept with the file history, e.g. 'Name corrected' or 'New signatory'."),
    )
    corrected_name = forms.CharField(
        label=_("Corrected name"),
        max_length=301,
        required=False,
        help_text=_("Leave blank to keep the printed name."),
    )


CREDENTIAL_UPLOAD_MAX_BYTES = 65_536


class CredentialCheckForm(forms.Form):
    """A credential to check, pasted or uploaded (one of the two)."""

    credential = forms.CharField(
        label=_("Paste the credential"),
        required=False,
        max_length=CREDENTIAL_UPLOAD_MAX_BYTES,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("The signed text (it starts with eyJ) or the JSON (it starts with {)."),
    )
    file = forms.FileField(
        label=_("Or upload the file"),
        required=False,
        help_text=_("The .jwt or .json file downloaded from Roll Call LMS."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return ""
        if upload.size > CREDENTIAL_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("That file is too large to be one of our credentials (64 KB at most).")
            )
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("That file is not text: upload the .jwt or .json file itself.")
            ) from exc

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("credential") and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste a credential or choose a file to upload."))
        return cleaned

    def credential_text(self) -> str:
        return self.cleaned_data.get("credential") or self.cleaned_data.get("file") or ""
