"""The sign-up form: allauth's, with the names printed on certificates, and a password check
that knows those names.

allauth validates the sign-up password against a placeholder user holding only the e-mail
address, so Django's UserAttributeSimilarityValidator and our ContextWordsValidator never saw
the person's own name. This form checks the password once more against a user that has it.
(It lives apart from lms.forms because allauth imports its signup form's module while loading
allauth.account.forms.)
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Names are required: they are printed on certificates."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("password1")
        if password and "password1" not in self.errors:
            # Every other rule already passed for this password; only the name can fail now.
            person = get_user_model()(
                email=data.get("email") or "",
                first_name=(data.get("first_name") or "").strip(),
                last_name=(data.get("last_name") or "").strip(),
            )
            try:
                get_adapter().clean_password(password, user=person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
