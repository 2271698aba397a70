"""Wagtail admin for ORS: agencies and their first supervisor, and memberships.

Memberships have their own paginated listing rather than an inline on the agency: an inline
renders every member as a form row (about 19 KB each), which at 2,000 officers is a page of
tens of megabytes.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView

from lms.admin_exports import SafeExportSnippetViewSet
from lms.choosers import person_chooser_viewset
from lms.models import Agency, Membership
from lms.people.roster import send_invitations


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
                    decided_by=self.for_user,
                )
        return agency


def add_supervisor(
    *, agency: Agency, email: str, first_name: str, last_name: str, decided_by
) -> Membership:
    """Make the person (new or existing, matched by e-mail) a supervisor; invite new people.
    An ORS action: the membership records who took it (`decided_by`), as the membership form
    does."""
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
    membership.decided_by = decided_by
    membership.save()
    return membership


class MembershipsLinkPanel(Panel):
    """The agency's current membership count, with links to its memberships' own listing."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lms/admin/memberships_link_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            agency = self.instance
            if agency is not None and agency.pk:
                context["current"] = agency.memberships.exclude(
                    status=Membership.Status.ENDED
                ).count()
                # Set on the model when lms/wagtail_hooks.py registers the viewset.
                memberships = Membership.snippet_viewset
                context["list_url"] = (
                    reverse(memberships.get_url_name("list")) + f"?agency={agency.pk}"
                )
                context["add_url"] = (
                    reverse(memberships.get_url_name("add")) + f"?agency={agency.pk}"
                )
            return context


class AgencyViewSet(SafeExportSnippetViewSet):
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
            MembershipsLinkPanel(heading=_("Memberships")),
        ],
        base_form_class=AgencyAdminForm,
    )


class MembershipAdminForm(WagtailAdminModelForm):
    """A membership is given to an active account (the chooser lists only those; a posted id
    of a deactivated one is refused too). Editing keeps the person it already has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True)
        if self.instance.user_id:
            people = people | get_user_model().objects.filter(pk=self.instance.user_id)
        field = self.fields["user"]
        field.queryset = people
        field.error_messages["invalid_choice"] = _(
            "Choose an active account: this one is deactivated or does not exist."
        )


class AddMembershipView(SnippetCreateView):
    """Coming from an agency's page (?agency=<id>), the new membership starts in that agency.

    Adding someone here is an ORS action, not the person's own (docs/security.md, "Consent"):
    only holders of lms.add_membership reach it (the ORS staff group; no supervisor), and the
    membership records the ORS user as the one who decided, beside Wagtail's history entry.
    Supervisors add people only by invitation (roster import) or by approving a join request.
    """

    def save_instance(self):
        self.form.instance.decided_by = self.request.user
        return super().save_instance()

    def get_initial(self):
        initial = super().get_initial()
        agency = self.request.GET.get("agency", "")
        if agency.isascii() and agency.isdigit():
            initial["agency"] = int(agency)
        return initial


class MembershipViewSet(SafeExportSnippetViewSet):
    """Every membership, 50 a page, filtered by agency, role and status, searched by person."""

    model = Membership
    add_view_class = AddMembershipView
    icon = "user"
    menu_label = _("Memberships")
    menu_order = 211
    add_to_admin_menu = True
    list_per_page = 50
    list_display = [
        "user",
        "agency",
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        "unit",
        "started_on",
    ]
    list_filter = ["agency", "role", "status"]
    list_export = ["user", "agency", "role", "status", "badge_number", "rank", "unit", "started_on"]
    export_filename = "memberships"
    search_fields = ["user__first_name", "user__last_name", "user__email", "badge_number"]
    search_backend_name = None  # plain database search on the person's name and e-mail
    ordering = ["agency__name", "user__last_name", "user__first_name"]

    edit_handler = ObjectList(
        [
            # A chooser, not a dropdown of every account in the state.
            FieldPanel("user", widget=person_chooser_viewset.widget_class),
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("role"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("badge_number"), FieldPanel("rank"), FieldPanel("unit")]),
            FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        ],
        base_form_class=MembershipAdminForm,
    )

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "agency")
