"""Wagtail admin for ORS: agencies (with memberships inline) and their first supervisor."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.choosers import person_chooser_viewset
from lms.models import Agency, Membership


class AgencyAdminForm(WagtailAdminModelForm):
    """Adds "first supervisor" fields: ORS creates the account and the invitation in one step."""

    supervisor_email = forms.EmailField(label=_("First supervisor's e-mail"), required=False)
    supervisor_first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    supervisor_last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("supervisor_email")
        if email:
            for name in ("supervisor_first_name", "supervisor_last_name"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed to invite the first supervisor."))
        return cleaned

    def save(self, commit=True):
        with transaction.atomic():
            agency = super().save(commit=commit)
            email = self.cleaned_data.get("supervisor_email")
            if commit and email:
                add_supervisor(
                    agency=agency,
                    email=email,
                    first_name=self.cleaned_data["supervisor_first_name"],
                    last_name=self.cleaned_data["supervisor_last_name"],
                )
        return agency


def add_supervisor(*, agency: Agency, email: str, first_name: str, last_name: str) -> Membership:
    """Make the person (new or existing, matched by e-mail) a supervisor; invite new people."""
    from allauth.account.models import EmailAddress

    from lms.roster import send_invitations

    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        transaction.on_commit(lambda: send_invitations(user_ids=[user.pk], agency_id=agency.pk))
    membership = (
        Membership.objects.filter(user=user, agency=agency)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if membership is None:
        membership = Membership(user=user, agency=agency, started_on=timezone.localdate())
    membership.role = Membership.Role.SUPERVISOR
    membership.status = Membership.Status.ACTIVE
    membership.save()
    return membership


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("county", label=_("County"), accessor="get_county_display"),
        Column("agency_type", label=_("Type"), accessor="get_agency_type_display"),
        Column("program_status", label=_("Program status"), accessor="get_program_status_display"),
        "updated_at",
    ]
    list_filter = ["county", "agency_type", "program_status", "is_active"]
    list_export = [
        "name",
        "agency_type",
        "county",
        "ori_number",
        "program_status",
        "contact_name",
        "contact_email",
        "contact_phone",
    ]
    export_filename = "agencies"
    search_fields = ["name", "ori_number", "contact_name", "contact_email"]
    search_backend_name = None  # plain database search; agencies are few
    ordering = ["name"]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("agency_type"), FieldPanel("county")]),
                    FieldPanel("ori_number"),
                    FieldPanel("program_status"),
                    FieldPanel("is_active"),
                ],
                heading=_("Agency"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                ],
                heading=_("Main contact"),
            ),
            FieldPanel("allowed_email_domains"),
            MultiFieldPanel(
                [
                    FieldPanel("supervisor_email"),
                    FieldRowPanel(
                        [FieldPanel("supervisor_first_name"), FieldPanel("supervisor_last_name")]
                    ),
                ],
                heading=_("Add a supervisor"),
                help_text=_(
                    "New people get an e-mail inviting them to set a password; an existing account "
                    "with this e-mail becomes a supervisor of this agency."
                ),
            ),
            InlinePanel(
                "memberships",
                heading=_("Memberships"),
                label=_("Membership"),
                panels=[
                    # A chooser, not a dropdown of every account in the state per row.
                    FieldPanel("user", widget=person_chooser_viewset.widget_class),
                    FieldRowPanel([FieldPanel("role"), FieldPanel("status")]),
                    FieldRowPanel(
                        [FieldPanel("badge_number"), FieldPanel("rank"), FieldPanel("unit")]
                    ),
                    FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
                ],
            ),
        ],
        base_form_class=AgencyAdminForm,
    )
